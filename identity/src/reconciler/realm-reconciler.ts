import type {
  ProducerSecretRotationRequested,
  SecretRecipientKey,
  TenantRealmCommand,
  TenantRole,
  UserInvited,
} from '@chronicle/domain';
import { checkpointOf, type Checkpoint, type EventStore, type RecordedEvent } from '@chronicle/eventstore';
import {
  connectKeycloakAdmin,
  type KeycloakAdmin,
  type KeycloakAdminLogin,
} from '../keycloak/keycloak-admin.js';
import {
  ensureProducerClient,
  ensureTenantRealm,
  ensureTenantUser,
  readProducerSecret,
  rotateProducerSecret,
  setTenantRealmEnabled,
  setTenantRole,
} from '../realms/tenant-realm.js';
import { secretSealer } from '../secrets/secret-sealer.js';
import { TENANT_STREAM, handleTenantCommand, loadTenant } from '../tenants/tenant-stream.js';
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
  /**
   * Resolves once every event up to now has been applied (or its failure recorded), `tenant`'s newest
   * included. The log is read below its visibility horizon, which a transaction elsewhere in the cluster can
   * hold back past an event that has just committed: the tenant's newest event is read directly, so the
   * wait cannot end before it.
   */
  caughtUp(tenant: string): Promise<void>;
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
      case 'ProducerSecretRotationRequested': {
        // A request of schema v1 (no key): rotated, never issued; the secret was read in Keycloak.
        const rotated = await rotateProducerSecret(kc, tenant, String(data.clientId), Number(data.rotation));
        return rotated.status === 'rotated'
          ? [`secret of ${String(data.clientId)} rotated (${data.rotation})`]
          : [];
      }
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
   * A rotation that carried the requester's key: the new secret goes into the log only sealed with it,
   * as ProducerSecretIssued, once. The tenant's state says whether it was issued already (a replay: then
   * Keycloak is not even asked); the client's rotation attribute says whether Keycloak applied it already
   * (a restart after rotating but before recording: its current secret is then that rotation's).
   */
  async function issueSecret(
    event: RecordedEvent,
    { clientId, rotation, publicKey }: { clientId: string; rotation: number; publicKey: SecretRecipientKey },
  ): Promise<TenantRealmCommand> {
    const { state } = await loadTenant(store, event.tenant);
    const requested = state.status === 'unregistered' ? 0 : (state.producerClients.get(clientId) ?? 0);
    const issued = state.status === 'unregistered' ? 0 : (state.secretsIssued.get(clientId) ?? 0);
    const skipped = (why: string): TenantRealmCommand => ({
      type: 'RecordRealmUpdated',
      data: { change: `secret of ${clientId} not issued for rotation ${rotation}: ${why}` },
    });
    if (issued >= rotation) return skipped(`rotation ${issued} was issued already`);
    // A later request would replace this secret at once: its requester gets the one that works.
    if (requested > rotation) return skipped(`rotation ${requested} was requested since`);
    const seal = secretSealer(publicKey);
    const kc = await keycloak();
    const rotated = await rotateProducerSecret(kc, event.tenant, clientId, rotation);
    if (rotated.status === 'superseded') return skipped(`Keycloak applied rotation ${rotated.applied}`);
    const secret =
      rotated.status === 'rotated' ? rotated.secret : await readProducerSecret(kc, event.tenant, clientId);
    return { type: 'RecordProducerSecretIssued', data: { clientId, rotation, sealedSecret: seal(secret) } };
  }

  /**
   * An invited user, created (or found) in Keycloak: besides the change, its Keycloak id is recorded
   * (UserProvisioned), so the log can name the users who own sources. The decider records a subject once,
   * so a replay records only what is missing, e.g. the subjects of users invited before UserProvisioned.
   */
  async function provisionUser(event: RecordedEvent): Promise<TenantRealmCommand[]> {
    const { username, email } = event.data as UserInvited['data'];
    const { changed, subject } = await ensureTenantUser(await keycloak(), event.tenant, { username, email });
    return [
      { type: 'RecordRealmUpdated', data: { change: summary(event, changed) } },
      { type: 'RecordUserProvisioned', data: { username, subject } },
    ];
  }

  /** What an event comes to: the record of the changes it made to the realm, or the issued secret. */
  async function outcomeOf(event: RecordedEvent): Promise<TenantRealmCommand[]> {
    const data = event.data as ProducerSecretRotationRequested['data'];
    if (event.type === 'ProducerSecretRotationRequested' && data.publicKey !== null) {
      return [
        await issueSecret(event, {
          clientId: data.clientId,
          rotation: data.rotation,
          publicKey: data.publicKey,
        }),
      ];
    }
    if (event.type === 'UserInvited') return provisionUser(event);
    const changed = await apply(event);
    return event.type === 'TenantRegistered'
      ? [{ type: 'RecordRealmProvisioned', data: {} }]
      : [{ type: 'RecordRealmUpdated', data: { change: summary(event, changed) } }];
  }

  /**
   * The outcome of one event, decided by the tenant decider on the tenant's current state and appended
   * once, whatever happens to the reconciler in between (the idempotency key names the event it answers).
   * An event's first outcome keeps the key it always had, so a log written before an event had a second
   * outcome still finds its first; a second outcome (`part`) has a key of its own, recorded if missing.
   */
  async function record(event: RecordedEvent, command: TenantRealmCommand, part?: string): Promise<void> {
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
      idempotencyKey: `realm-reconciler/${event.eventId}${part === undefined ? '' : `/${part}`}`,
      idempotencyFingerprint: event.eventId,
    });
  }

  async function handle(event: RecordedEvent): Promise<void> {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        const outcomes = await outcomeOf(event);
        for (const [index, command] of outcomes.entries()) {
          await record(event, command, index === 0 ? undefined : command.type);
        }
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
    async caughtUp(tenant) {
      let newest: RecordedEvent | undefined;
      for await (const event of store.readStream(tenant, TENANT_STREAM)) {
        if (reconciled.has(event.type)) newest = event;
      }
      // Caught up when our checkpoint has passed that event and the log has nothing for us beyond it.
      for (;;) {
        const checkpoint = await store.checkpoints.load(consumer);
        if (newest === undefined || !isBefore(checkpoint, newest)) {
          const pending = store.readAll({ from: checkpoint, types: RECONCILED_EVENT_TYPES, batchSize: 1 });
          const next = await pending.next();
          await pending.return(undefined);
          if (next.done) return;
        }
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

const reconciled: ReadonlySet<string> = new Set(RECONCILED_EVENT_TYPES);

/** Whether a reader at `checkpoint` has yet to read `event` (the log's order is (transaction id, position)). */
function isBefore(checkpoint: Checkpoint, event: RecordedEvent): boolean {
  return checkpoint.transactionId !== event.transactionId
    ? checkpoint.transactionId < event.transactionId
    : checkpoint.position < event.position;
}

/** What a RealmUpdated says: the changes made, or that the realm already matched (within the field's limit). */
function summary(event: RecordedEvent, changed: string[]): string {
  const text = changed.length > 0 ? changed.join('; ') : `${event.type}: realm already up to date`;
  return text.length > 1000 ? `${text.slice(0, 997)}...` : text;
}
