import pg from 'pg';
import { IdempotencyKeyReused, WrongExpectedVersion } from './errors.js';
import { CommitAnnouncer } from './append/commit-announcer.js';
import { checkpointStore, type CheckpointStore } from './checkpoints/checkpoint-store.js';
import { GroupCommit, type AppendOutcome } from './append/group-commit.js';
import { requireIdempotencyKey, requireTenant, serialiseAppend } from './append/serialise-append.js';
import { findIdempotentOutcome, type IdempotencyLookup } from './append/idempotent-outcome.js';
import type { EnvelopeReadHook } from '@chronicle/domain';
import { readAll, type ReadAllOptions } from './read/read-log.js';
import { readStream, type ReadStreamOptions } from './read/read-stream.js';
import { subscribe, type SubscribeOptions, type Subscription } from './subscribe/subscription.js';
import { WakeUps } from './subscribe/wake-ups.js';
import { verifyStream, type VerifyResult } from './verify/verify-stream.js';
import { verifyTenant, type TenantVerification } from './verify/verify-tenant.js';
import { readEventsPage, type EventsPage, type EventsPageRequest } from './audit/events-page.js';
import { pendingMigrations } from './schema/pending-migrations.js';
import type { AppendRequest, AppendResult, ExpectedVersion, RecordedEvent } from './types.js';

/** What a store is created with; the defaults of options left out are in EVENT_STORE_DEFAULTS. */
export interface EventStoreOptions {
  connectionString: string;
  /**
   * The role the store's connections act as (SET ROLE at connect). It must not own the tables, or row-level
   * security would not apply; the login user must be a member of it (and of chronicle_platform for
   * cross-tenant reads).
   */
  role?: string;
  /** Connections in the pool. */
  poolSize?: number;
  /** Reads stored events of an older schema version as the current one. */
  upcast?: EnvelopeReadHook;
  /** Largest serialised data + metadata of one event, in bytes. */
  maxEventBytes?: number;
  /** Group commit: merged transactions in flight at once, and most events per merge. */
  maxAppendsInFlight?: number;
  maxEventsPerCommit?: number;
  /**
   * Group commit: what is queued is split among free transactions only in shares of at least this many
   * events; fewer go into one transaction together.
   */
  minEventsPerShare?: number;
  /**
   * Least time between two wake-up NOTIFYs this store sends, in ms: appends that commit in between
   * are announced together at its end, or by the next batch that starts after it, as that batch commits.
   */
  wakeUpIntervalMs?: number;
  /** Connection errors of the pool and the LISTEN connection, which the store survives on its own. */
  onBackgroundError?: (error: Error) => void;
}

export interface EventStore {
  /** Appends to one or more streams of a tenant atomically. */
  append(request: AppendRequest): Promise<AppendResult>;
  /**
   * The result an append with this idempotency key already had (`duplicate: true`), or undefined when the
   * key is new. Throws IdempotencyKeyReused when the key was used with another fingerprint.
   */
  findIdempotentAppend(lookup: IdempotencyLookup): Promise<AppendResult | undefined>;
  readStream(tenant: string, streamId: string, options?: ReadStreamOptions): AsyncGenerator<RecordedEvent>;
  /** The log from a checkpoint up to now, in (transaction id, position) order. */
  readAll(options?: ReadAllOptions): AsyncGenerator<RecordedEvent>;
  /** The log from a checkpoint, then live. */
  subscribe(options?: SubscribeOptions): Subscription;
  /**
   * Calls `listener` whenever events may have been appended: a writer's NOTIFY (with its tenant), or a
   * (re)connect of the LISTEN connection (tenant null: anything may have happened). Returns the unlistener.
   */
  onAppended(listener: (wakeUp: { tenant: string | null }) => void): () => void;
  verifyStream(tenant: string, streamId: string): Promise<VerifyResult>;
  /** Every stream of a tenant verified; names each broken one. */
  verifyTenant(tenant: string): Promise<TenantVerification>;
  /** A page of a tenant's log, filtered for auditors. */
  readEventsPage(request: EventsPageRequest): Promise<EventsPage>;
  /** Migrations this code expects that the database lacks; throws when the database is unreachable. */
  pendingMigrations(): Promise<string[]>;
  /** Where named consumers of the log stand. */
  checkpoints: CheckpointStore;
  close(): Promise<void>;
}

/** What `createEventStore` uses for each option not given. */
export const EVENT_STORE_DEFAULTS = {
  role: 'chronicle_app',
  poolSize: 10,
  maxEventBytes: 1024 * 1024,
  maxAppendsInFlight: 2,
  maxEventsPerCommit: 5000,
  minEventsPerShare: 16,
  wakeUpIntervalMs: 5,
} as const;

export function createEventStore(options: EventStoreOptions): EventStore {
  const {
    connectionString,
    role = EVENT_STORE_DEFAULTS.role,
    poolSize = EVENT_STORE_DEFAULTS.poolSize,
    upcast,
    maxEventBytes = EVENT_STORE_DEFAULTS.maxEventBytes,
    maxAppendsInFlight = EVENT_STORE_DEFAULTS.maxAppendsInFlight,
    maxEventsPerCommit = EVENT_STORE_DEFAULTS.maxEventsPerCommit,
    minEventsPerShare = EVENT_STORE_DEFAULTS.minEventsPerShare,
    wakeUpIntervalMs = EVENT_STORE_DEFAULTS.wakeUpIntervalMs,
    onBackgroundError = () => {},
  } = options;
  if (!/^[a-z_][a-z0-9_]*$/.test(role))
    throw new Error(`role ${JSON.stringify(role)} is not a plain role name`);
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    options: `-c role=${role}`,
    application_name: 'chronicle-eventstore',
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', onBackgroundError);
  const announcer = new CommitAnnouncer(pool, wakeUpIntervalMs, onBackgroundError);
  const groupCommit = new GroupCommit(pool, {
    maxInFlight: maxAppendsInFlight,
    maxBatchEvents: maxEventsPerCommit,
    minEventsPerShare,
    maxRetries: 10,
    wakeUps: announcer,
  });
  const wakeUps = new WakeUps(connectionString, onBackgroundError);
  let closing: Promise<void> | undefined;

  return {
    async append(request) {
      const outcome = await groupCommit.submit(serialiseAppend(request, { maxEventBytes }));
      return toAppendResult(outcome, request);
    },
    async findIdempotentAppend(lookup) {
      requireTenant(lookup.tenant);
      requireIdempotencyKey(lookup.idempotencyKey);
      const outcome = await findIdempotentOutcome(pool, lookup);
      return outcome && toAppendResult(outcome, lookup);
    },
    readStream: (tenant, streamId, readOptions) => readStream(pool, upcast, tenant, streamId, readOptions),
    readAll: (readOptions) => readAll(pool, upcast, readOptions),
    subscribe: (subscribeOptions) => subscribe(pool, upcast, wakeUps, subscribeOptions),
    onAppended: (listener) => wakeUps.listen(listener),
    verifyStream: (tenant, streamId) => verifyStream(pool, tenant, streamId),
    verifyTenant: (tenant) => verifyTenant(pool, tenant),
    readEventsPage: (request) => readEventsPage(pool, upcast, request),
    checkpoints: checkpointStore(pool),
    pendingMigrations: () => pendingMigrations(pool),
    close() {
      // Idempotent: a second close waits for the first.
      closing ??= (async () => {
        await announcer.close();
        await wakeUps.close();
        await pool.end();
      })();
      return closing;
    },
  };
}

function toAppendResult(
  outcome: AppendOutcome,
  request: Pick<AppendRequest, 'idempotencyKey'>,
): AppendResult {
  switch (outcome.status) {
    case 'ok':
    case 'duplicate': {
      const written = outcome.status === 'ok' ? outcome : outcome.result;
      return {
        streams: written.streams.map((stream) => ({
          streamId: stream.id,
          version: stream.version,
          firstPosition: BigInt(stream.firstPosition),
          lastPosition: BigInt(stream.lastPosition),
        })),
        transactionId: BigInt(written.transactionId),
        duplicate: outcome.status === 'duplicate',
      };
    }
    case 'conflict':
      throw new WrongExpectedVersion(outcome.stream, outcome.expected as ExpectedVersion, outcome.actual);
    case 'key_reused':
      throw new IdempotencyKeyReused(request.idempotencyKey ?? '');
  }
}
