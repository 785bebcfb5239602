import * as openid from 'openid-client';
import {
  domainEvents,
  sourceDecider,
  sourceStreamId,
  type SourceCommand,
  type TenantCommand,
} from '@chronicle/domain';
import { handleCommand, type EventStore } from '@chronicle/eventstore';
import {
  connectKeycloakAdmin,
  handleTenantCommand,
  startRealmReconciler,
  type KeycloakAdminLogin,
} from '@chronicle/identity';

export interface BenchTenant {
  tenantId: string;
  sourceIds: string[];
  /** One client-credentials token per producer client. */
  producerTokens: string[];
  /** The users asked for, invited with their role; sign them in with `completeInvitation` and PKCE. */
  usernames: string[];
}

/**
 * A tenant with its producer clients and sources, made as the command API makes them (commands through
 * the deciders) and provisioned in Keycloak by the realm reconciler. Setup, not measured.
 */
export async function provisionBenchTenant(
  store: EventStore,
  keycloak: KeycloakAdminLogin & { url: string },
  options: {
    tenantId: string;
    producers: number;
    sources: number;
    users?: readonly { username: string; role: string }[];
    /** Dashboard origins the realm's PKCE client accepts (for users' sign-in). */
    uiOrigins?: readonly string[];
  },
): Promise<BenchTenant> {
  const { tenantId } = options;
  const tenantCommand = (command: TenantCommand) =>
    handleTenantCommand(store, {
      tenant: tenantId,
      command,
      metadata: { actor: 'bench' },
    });
  await tenantCommand({
    type: 'RegisterTenant',
    data: { tenantId, displayName: 'Ingest bench' },
    metadata: { now: new Date() },
  });
  const clientIds = Array.from(
    { length: options.producers },
    (_, index) => `bench-producer-${String(index).padStart(2, '0')}`,
  );
  for (const clientId of clientIds)
    await tenantCommand({ type: 'RegisterProducerClient', data: { clientId } });
  const users = options.users ?? [];
  for (const { username, role } of users) {
    await tenantCommand({ type: 'InviteUser', data: { username, email: `${username}@${tenantId}.test` } });
    await tenantCommand({ type: 'GrantRole', data: { username, role } });
  }
  const sourceIds = Array.from(
    { length: options.sources },
    (_, index) => `meter-${String(index).padStart(3, '0')}`,
  );
  await Promise.all(
    sourceIds.map((sourceId) => {
      const command: SourceCommand = {
        type: 'RegisterSource',
        data: { sourceId, name: sourceId, ownerSubject: 'bench', unit: 'kWh' },
      };
      return handleCommand(store, {
        tenant: tenantId,
        streamId: sourceStreamId(sourceId),
        decider: sourceDecider,
        events: domainEvents,
        command,
        metadata: { actor: 'bench' },
      });
    }),
  );

  const reconciler = startRealmReconciler({
    store,
    keycloak,
    uiOrigins: [...(options.uiOrigins ?? [])],
    pollIntervalMs: 100,
  });
  try {
    await reconciler.caughtUp(tenantId);
  } finally {
    await reconciler.stop();
  }
  const admin = await connectKeycloakAdmin(keycloak);
  const producerTokens = await Promise.all(
    clientIds.map(async (clientId) => {
      const [client] = await admin.clients.find({ realm: tenantId, clientId });
      const secret = await admin.clients.getClientSecret({ realm: tenantId, id: client!.id! });
      const config = await openid.discovery(
        new URL(`${keycloak.url}/realms/${tenantId}`),
        clientId,
        secret.value!,
        undefined,
        { execute: [openid.allowInsecureRequests] },
      );
      return (await openid.clientCredentialsGrant(config)).access_token;
    }),
  );
  return { tenantId, sourceIds, producerTokens, usernames: users.map((user) => user.username) };
}
