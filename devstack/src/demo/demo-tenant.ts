import {
  domainEvents,
  sourceDecider,
  sourceStreamId,
  type SourceCommand,
  type TenantCommand,
  type TenantRole,
} from '@chronicle/domain';
import { aggregateStream, handleCommand, type EventStore } from '@chronicle/eventstore';
import { handleTenantCommand, loadTenant, type KeycloakAdmin } from '@chronicle/identity';

export const DEMO_TENANT = 'demo';
export const DEMO_PRODUCER_CLIENT = 'demo-producer';
/** The sources the demo producer simulates (its `--simulate --sources 5` ids), owned by the demo viewer. */
export const DEMO_SOURCES = ['sim-0', 'sim-1', 'sim-2', 'sim-3', 'sim-4'];

/** LOCAL DEMO CREDENTIALS: users of the demo tenant, created by `npm start` only. Never use elsewhere. */
export const DEMO_TENANT_USERS: readonly { username: string; password: string; role: TenantRole }[] = [
  { username: 'demo-admin', password: 'demo-admin', role: 'tenant-admin' },
  { username: 'demo-viewer', password: 'demo-viewer', role: 'viewer' },
  { username: 'demo-auditor', password: 'demo-auditor', role: 'auditor' },
];

/**
 * The demo tenant, made the way an operator makes a tenant (commands through the deciders, realms by the
 * reconciler), and only what is missing: a second `npm start` on the same database changes nothing.
 * Returns the demo producer's client secret.
 */
export async function ensureDemoTenant(
  store: EventStore,
  admin: KeycloakAdmin,
): Promise<{ producerSecret: string }> {
  const tenant = () => loadTenant(store, DEMO_TENANT);
  const command = (tenantCommand: TenantCommand) =>
    handleTenantCommand(store, {
      tenant: DEMO_TENANT,
      command: tenantCommand,
      metadata: { actor: 'npm-start' },
    });

  if ((await tenant()).state.status === 'unregistered') {
    await command({
      type: 'RegisterTenant',
      data: { tenantId: DEMO_TENANT, displayName: 'Demo' },
      metadata: { now: new Date() },
    });
  }
  const { state } = await tenant();
  if (state.status === 'unregistered') throw new Error('the demo tenant did not register');
  for (const user of DEMO_TENANT_USERS) {
    const known = state.users.get(user.username);
    if (!known) {
      await command({
        type: 'InviteUser',
        data: { username: user.username, email: `${user.username}@demo.invalid` },
      });
    }
    if (!known?.roles.has(user.role)) {
      await command({ type: 'GrantRole', data: { username: user.username, role: user.role } });
    }
  }
  if (!state.producerClients.has(DEMO_PRODUCER_CLIENT)) {
    await command({ type: 'RegisterProducerClient', data: { clientId: DEMO_PRODUCER_CLIENT } });
  }

  // The reconciler (a service of its own) makes the realm, users and client; wait for it.
  const viewer = await eventually(async () => {
    const subjects = new Map<string, string>();
    for (const user of DEMO_TENANT_USERS) {
      const [found] = await admin.users.find({ realm: DEMO_TENANT, username: user.username, exact: true });
      const roles = found?.id
        ? await admin.users.listRealmRoleMappings({ realm: DEMO_TENANT, id: found.id })
        : [];
      if (!found?.id || !roles.some((role) => role.name === user.role)) return undefined;
      subjects.set(user.username, found.id);
    }
    const [client] = await admin.clients.find({ realm: DEMO_TENANT, clientId: DEMO_PRODUCER_CLIENT });
    if (!client?.id) return undefined;
    return subjects.get('demo-viewer');
  }, 'the demo realm, its users and producer client');

  for (const user of DEMO_TENANT_USERS) {
    const [found] = await admin.users.find({ realm: DEMO_TENANT, username: user.username, exact: true });
    await admin.users.resetPassword({
      realm: DEMO_TENANT,
      id: found!.id!,
      credential: { type: 'password', value: user.password, temporary: false },
    });
    await admin.users.update({ realm: DEMO_TENANT, id: found!.id! }, { requiredActions: [] });
  }

  for (const sourceId of DEMO_SOURCES) {
    const source = await aggregateStream(store, DEMO_TENANT, sourceStreamId(sourceId), {
      ...sourceDecider,
      events: domainEvents,
    });
    if (source.state.status !== 'unregistered') continue;
    const register: SourceCommand = {
      type: 'RegisterSource',
      data: { sourceId, name: `Simulated ${sourceId}`, ownerSubject: viewer, unit: 'kW' },
    };
    await handleCommand(store, {
      tenant: DEMO_TENANT,
      streamId: sourceStreamId(sourceId),
      decider: sourceDecider,
      events: domainEvents,
      command: register,
      metadata: { actor: 'npm-start' },
    });
  }

  const [client] = await admin.clients.find({ realm: DEMO_TENANT, clientId: DEMO_PRODUCER_CLIENT });
  const secret = await admin.clients.getClientSecret({ realm: DEMO_TENANT, id: client!.id! });
  return { producerSecret: secret.value! };
}

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not appear within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
