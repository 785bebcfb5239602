import type { TenantRealmCommand, TenantRole } from '@chronicle/domain';
import { checkpointOf, type EventStore, type RecordedEvent } from '@chronicle/eventstore';
import {
  connectKeycloakAdmin,
  type KeycloakAdmin,
  type KeycloakAdminLogin,
} from '../keycloak/keycloak-admin.js';
import {
  ensureProducerClient,
  ensureTenantRealm,
  ensureTenantUser,
  rotateProducerSecret,
  setTenantRealmEnabled,
  setTenantRole,
} from '../realms/tenant-realm.js';
import { handleTenantCommand, loadTenant } from '../tenants/tenant-stream.js';
import { describeFailure, isTransient } from './keycloak-failure.js';

/** The tenant events the reconciler applies to Keycloak (the tenant aggregate's stream, `tenant`). */
export const RECONCILED_EVENT_TYPES = [
  'TenantRegistered',
  'TenantSuspended',
  'TenantReactivated',
  'ProducerClientRegistered',
  'ProducerSecretRotationRequested',
  'UserInvited',
  'RoleGranted',
  'RoleRevoked',
] as const;

export interface RealmReconcilerOptions {
  store: EventStore;
  keycloak: KeycloakAdminLogin;
  uiOrigins: readonly string[];
  /** Name of its checkpoint. */
  consumer?: string;
  /** Delays between attempts while Keycloak is unreachable: doubling from the first to the most. */
  retry?: { firstDelayMs: number; maxDelayMs: number };
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface RealmReconciler {
  /** Resolves once every event up to now has been applied (or its failure recorded). */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A process manager: follows tenant events from its checkpoint and brings each tenant's Keycloak realm to
 * what they say, recording the outcome as events (RealmProvisioned, RealmUpdated, RealmProvisioningFailed).
 * Every step converges, and every outcome is appended under an idempotency key derived from the event it
 * answers, so replaying the whole log against an up-to-date Keycloak changes nothing and records nothing.
 * Transient failures (Keycloak down) are retried forever without moving the checkpoint; refusals are recorded.
 */
export function startRealmReconciler(options: RealmReconcilerOptions): RealmReconciler {
  const { store, consumer = 'realm-reconciler', retry = { firstDelayMs: 200, maxDelayMs: 10_000 } } = options;
  const onError = options.onError ?? (() => {});
  let stopped = false;
  let admin: { client: KeycloakAdmin; since: number } | undefined;
  let subscription: ReturnType<EventStore['subscribe']> | undefined;
  let wakeSleeper: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** Admin tokens live a minute: log in again before that. */
  async function keycloak(): Promise<KeycloakAdmin> {
    if (!admin || Date.now() - admin.since > 45_000) {
      admin = { client: await connectKeycloakAdmin(options.keycloak), since: Date.now() };
    }
    return admin.client;
  }

  /**
   * Applies one event. Where later events may undo it (suspension, roles), Keycloak is brought to the
   * tenant's current state rather than to the event's, so that a replay never flaps a realm or a role.
   */
  async function apply(event: RecordedEvent): Promise<string[]> {
    const tenant = event.tenant;
    const data = event.data as Record<string, unknown>;
    const { state } = await loadTenant(store, tenant);
    const kc = await keycloak();
    switch (event.type) {
      case 'TenantRegistered':
        return ensureTenantRealm(kc, tenant, {
          displayName: String(data.displayName ?? tenant),
          enabled: state.status !== 'suspended',
          uiOrigins: options.uiOrigins,
        });
      case 'TenantSuspended':
      case 'TenantReactivated':
        return setTenantRealmEnabled(kc, tenant, state.status !== 'suspended');
      case 'ProducerClientRegistered':
        return ensureProducerClient(kc, tenant, String(data.clientId));
      case 'ProducerSecretRotationRequested':
        return rotateProducerSecret(kc, tenant, String(data.clientId), Number(data.rotation));
      case 'UserInvited':
        return ensureTenantUser(kc, tenant, { username: String(data.username), email: String(data.email) });
      case 'RoleGranted':
      case 'RoleRevoked':
        return setTenantRole(
          kc,
          tenant,
          String(data.username),
          String(data.role),
          state.status !== 'unregistered' &&
            (state.users.get(String(data.username))?.roles.has(String(data.role) as TenantRole) ?? false),
        );
      default:
        return [];
    }
  }

  /**
   * The outcome of one event, decided by the tenant decider on the tenant's current state and appended
   * once, whatever happens to the reconciler in between (the idempotency key names the event it answers).
   */
  async function record(event: RecordedEvent, command: TenantRealmCommand): Promise<void> {
    await handleTenantCommand(store, {
      tenant: event.tenant,
      command,
      metadata: {
        causationId: event.eventId,
        correlationId: event.metadata.correlationId ?? event.eventId,
        actor: consumer,
      },
      // Already answered (a replay, or a restart after the append): the first outcome stands, whatever
      // this attempt would record.
      idempotencyKey: `realm-reconciler/${event.eventId}`,
      idempotencyFingerprint: event.eventId,
    });
  }

  async function handle(event: RecordedEvent): Promise<void> {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        const changed = await apply(event);
        await record(
          event,
          event.type === 'TenantRegistered'
            ? { type: 'RecordRealmProvisioned', data: {} }
            : { type: 'RecordRealmUpdated', data: { change: summary(event, changed) } },
        );
        return;
      } catch (error) {
        if (!isTransient(error)) {
          await record(event, {
            type: 'RecordRealmProvisioningFailed',
            data: { reason: `${event.type}: ${describeFailure(error)}`.slice(0, 1000), retryable: false },
          });
          return;
        }
        if (attempt === 0 || attempt % 10 === 0) onError(error);
        admin = undefined; // log in again: the token may be what failed
        await sleep(Math.min(retry.firstDelayMs * 2 ** attempt, retry.maxDelayMs));
      }
    }
  }

  // Runs until stopped; a failure of the store (e.g. PostgreSQL restarting) starts it over from its checkpoint.
  const running = (async () => {
    for (let failures = 0; !stopped;) {
      try {
        const from = await store.checkpoints.load(consumer);
        subscription = store.subscribe({
          from,
          types: RECONCILED_EVENT_TYPES,
          ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
          onError,
        });
        for await (const event of subscription) {
          await handle(event);
          if (stopped) return;
          await store.checkpoints.save(consumer, checkpointOf(event));
          failures = 0;
        }
      } catch (error) {
        onError(error);
        subscription?.close();
        await sleep(Math.min(retry.firstDelayMs * 2 ** failures++, retry.maxDelayMs));
      }
    }
  })();

  return {
    async caughtUp() {
      // Caught up when the log has nothing for us beyond our checkpoint.
      for (;;) {
        const checkpoint = await store.checkpoints.load(consumer);
        const pending = store.readAll({ from: checkpoint, types: RECONCILED_EVENT_TYPES, batchSize: 1 });
        const next = await pending.next();
        await pending.return(undefined);
        if (next.done) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      stopped = true;
      wakeSleeper?.();
      subscription?.close();
      await running;
    },
  };
}

/** What a RealmUpdated says: the changes made, or that the realm already matched (within the field's limit). */
function summary(event: RecordedEvent, changed: string[]): string {
  const text = changed.length > 0 ? changed.join('; ') : `${event.type}: realm already up to date`;
  return text.length > 1000 ? `${text.slice(0, 997)}...` : text;
}
