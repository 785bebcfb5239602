import pg from 'pg';
import { nextLogRange, type Checkpoint, type EventStore, type LogRange } from '@chronicle/eventstore';
import { buildPendingUnits } from './bulk-units.js';
import { CHANGES_CHANNEL, notifyChanges } from './change-notifier.js';
import { findPoisonEvent } from './poison-event.js';
import type { BulkBuild, Projection, ReadModelChange } from './projection.js';

export interface ProjectionRunnerOptions {
  connectionString: string;
  projections: readonly Projection[];
  /** For wake-ups only (its LISTEN connection); the runner reads the log in SQL. */
  store: EventStore;
  /** Events per transaction. Default 1000. */
  batchSize?: number;
  /** Events per transaction while a version builds or catches up from far behind. Default 2000. */
  buildBatchSize?: number;
  /** Units of a bulk build (see `BulkBuild`) built side by side, each on a connection of its own. Default 2. */
  bulkConnections?: number;
  /** Longest wait between looks at the log when no wake-up arrives. Default 1000 ms. */
  pollIntervalMs?: number;
  /** How often a runner that does not hold a projection tries to take it over. Default 1000 ms. */
  takeoverIntervalMs?: number;
  /** Whether to NOTIFY the query API after each batch (rebuilds mute it). Default true. */
  notify?: boolean;
  onError?: (error: unknown, projection: string) => void;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface ProjectionRunner {
  /** Resolves once every projection this runner holds has applied the log as it stood at the call. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

// Advisory lock namespace (the first key of pg_advisory_lock(int, int)): "chronicle projections".
const LOCK_CLASS = 0x43_50_52_4a;

/**
 * Hosts projections. Each projection is worked by one runner at a time (a session advisory lock); the
 * others wait and take over when its session ends (a crash ends it). A batch's read-model changes and the
 * projection's checkpoint commit together, so each event's effect is applied exactly once, whatever dies.
 * A projection that throws on an event stops with an error naming it; the others go on.
 */
export function startProjectionRunner(options: ProjectionRunnerOptions): ProjectionRunner {
  const {
    projections,
    store,
    batchSize = 1000,
    buildBatchSize = 2_000,
    bulkConnections = 2,
    pollIntervalMs = 1000,
    takeoverIntervalMs = 1000,
    notify = true,
    onError = () => {},
    log = () => {},
  } = options;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: projections.length * 2 + 2 + bulkConnections,
    options: '-c role=chronicle_projector',
    application_name: 'chronicle-projectors',
  });
  pool.on('error', (error) => onError(error, 'pool'));
  let stopped = false;
  const sleepers = new Set<() => void>();
  // A waiter is answered only by an idle step that began after it asked (a step already under way may have
  // read the log before the caller's last append committed) and whose checkpoint has passed the log's head
  // as it stood at the ask: an event committed may still lie above the visibility horizon (held back by any
  // open writer, a bulk build's unit for one), which an idle step alone would not have waited for.
  const caughtUpWaiters = new Map<
    Projection,
    { askedAt: number; head: Checkpoint | undefined; resolve: () => void }[]
  >();
  const idleAt = new Map<Projection, Checkpoint>();
  let ticks = 0;
  const finished = new Set<Projection>();
  const behind = new Set<Projection>();
  const wakeAll = () => {
    for (const wake of sleepers) wake();
  };
  const unlisten = store.onAppended(wakeAll);
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  const workers = projections.map((projection) => work(projection));

  async function work(projection: Projection) {
    const id = `${projection.name} v${projection.version}`;
    let lock: pg.PoolClient | undefined;
    let failures = 0;
    while (!stopped) {
      try {
        if (!lock) {
          lock = await takeLock(projection);
          if (!lock) {
            await sleep(takeoverIntervalMs);
            continue;
          }
          log(`holding ${id}`);
          await setUp(projection);
        }
        const startedAt = ++ticks;
        const outcome = await step(projection);
        failures = 0;
        if (outcome === 'stopped') {
          log(`${id} stopped`, { reason: 'failed or retired' });
          break;
        }
        if (outcome === 'idle') {
          const checkpoint = idleAt.get(projection);
          const answered = (waiter: { askedAt: number; head: Checkpoint | undefined }) =>
            waiter.askedAt < startedAt && (!waiter.head || !checkpoint || !isBefore(checkpoint, waiter.head));
          const waiters = caughtUpWaiters.get(projection) ?? [];
          waiters.filter(answered).forEach((waiter) => waiter.resolve());
          caughtUpWaiters.set(
            projection,
            waiters.filter((waiter) => !answered(waiter)),
          );
          await sleep(pollIntervalMs);
        }
      } catch (error) {
        onError(error, id);
        // Lost connection or lock: start again from the lock.
        lock?.release(true);
        lock = undefined;
        await sleep(Math.min(100 * 2 ** failures++, 5_000));
      }
    }
    lock?.release(true);
    // A stopped projection is as caught up as it will get.
    finished.add(projection);
    caughtUpWaiters.get(projection)?.forEach((waiter) => waiter.resolve());
    caughtUpWaiters.delete(projection);
  }

  async function takeLock(projection: Projection): Promise<pg.PoolClient | undefined> {
    const client = await pool.connect();
    client.on('error', () => {}); // a dropped session is seen by the next query on it
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
      [LOCK_CLASS, `${projection.name}:${projection.version}`],
    );
    if (rows[0]?.locked) return client;
    client.release();
    return undefined;
  }

  /**
   * The version's tables and status row, made once (DDL on serving tables would lock out their readers at
   * every start); the first version of a projection serves from the start.
   */
  async function setUp(projection: Projection): Promise<void> {
    await transaction(async (client) => {
      // DDL of concurrent runners (different projections) must not interleave on shared catalog rows.
      await client.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_CLASS]);
      const { rows } = await client.query<{ version: number; status: string }>(
        `SELECT version, status FROM chronicle_read.projections WHERE name = $1`,
        [projection.name],
      );
      if (rows.some((row) => row.version === projection.version)) return;
      await client.query(projection.schema);
      const first = rows.length === 0;
      // A version older than one that serves or builds is never built again: it stays retired.
      const superseded = rows.some(
        (row) => row.version > projection.version && (row.status === 'live' || row.status === 'building'),
      );
      const status = first ? 'live' : superseded ? 'retired' : 'building';
      await client.query(
        `INSERT INTO chronicle_read.projections (name, version, status) VALUES ($1, $2, $3)`,
        [projection.name, projection.version, status],
      );
      if (first) await switchViews(client, projection);
      // The first version serves at once, so it fills its tables the way it will keep them; a new one is
      // read by nobody until it switches, and may take the faster road.
      if (status === 'building') await projection.bulkBuild?.start(client);
    });
  }

  type Outcome = 'advanced' | 'idle' | 'stopped';

  async function step(projection: Projection): Promise<Outcome> {
    let applied: { range: LogRange; changes: Awaited<ReturnType<Projection['apply']>> } | undefined;
    let building = false;
    let unitsToBuild: BulkBuild | undefined;
    const outcome = await transaction(async (client): Promise<Outcome> => {
      const standing = await standingOf(client, projection);
      if (!standing) return 'stopped';
      building = standing.status === 'building';
      const bulkBuild = building ? projection.bulkBuild : undefined;
      const bulk = bulkBuild ? await bulkBuild.stage(client) : 'off';
      if (bulk === 'units') {
        unitsToBuild = bulkBuild;
        return 'advanced';
      }
      // A version that builds, or one far behind (its last batch was full), takes big batches.
      const size = building || behind.has(projection) ? buildBatchSize : batchSize;
      // Big batches sort and group millions of rows: give them memory rather than temporary files.
      if (size === buildBatchSize) await client.query(`SET LOCAL work_mem = '256MB'`);
      const range = await nextLogRange(client, standing.checkpoint, size);
      if (range && range.events === size) behind.add(projection);
      else behind.delete(projection);
      if (!range) {
        if (bulkBuild && bulk === 'replaying') {
          await bulkBuild.plan(client);
          unitsToBuild = bulkBuild;
          return 'advanced';
        }
        // A building version that has caught up starts serving, in this transaction: readers see the old
        // version's rows or the new one's, never neither.
        if (building) await goLive(client, projection);
        idleAt.set(projection, standing.checkpoint);
        return 'idle';
      }
      // While a bulk build replays, a batch is only noted (nothing is read from it yet: no changes).
      const apply = async (on: pg.ClientBase, stretch: LogRange): Promise<ReadModelChange[]> => {
        if (!bulkBuild || bulk !== 'replaying') return projection.apply(on, stretch);
        await bulkBuild.append(on, stretch);
        return [];
      };
      await client.query('SAVEPOINT batch');
      try {
        const changes = await apply(client, range);
        await saveCheckpoint(client, projection, range);
        applied = { range, changes };
      } catch (error) {
        if (isTransient(error)) throw error;
        await client.query('ROLLBACK TO SAVEPOINT batch');
        await stopOnPoison(client, projection, apply, range, error);
        return 'stopped';
      }
      // The replay has come up to the head of the log: what it noted is built now, the rest after.
      if (bulkBuild && bulk === 'replaying' && range.events < size) {
        await bulkBuild.plan(client);
        unitsToBuild = bulkBuild;
      }
      return 'advanced';
    });
    // A replay's changes are old news: the query API hears of the switch instead.
    if (applied && notify && !building) {
      await notifyChanges(pool, projection.name, applied.range.to.position, applied.changes).catch((error) =>
        onError(error, projection.name),
      );
    }
    if (unitsToBuild) await buildInBulk(projection, unitsToBuild);
    return outcome;
  }

  /**
   * A bulk build's units, side by side on their own transactions, then its finish. Units that fail on
   * the events (anything but the connection) give the bulk road up: the version replays the log batch by
   * batch from the start, and a poison event stops it there, named, as it would any version.
   */
  async function buildInBulk(projection: Projection, bulkBuild: BulkBuild): Promise<void> {
    const id = `${projection.name} v${projection.version}`;
    let outcome: 'built' | 'halted';
    try {
      outcome = await buildPendingUnits({
        bulkBuild,
        connections: bulkConnections,
        transaction,
        stillBuilding: async (client) =>
          (await standingOf(client, projection, 'FOR KEY SHARE'))?.status === 'building',
        stopping: () => stopped,
      });
    } catch (error) {
      if (isTransient(error)) throw error;
      await transaction(async (client) => {
        if (!(await standingOf(client, projection))) return;
        await bulkBuild.abandon(client);
        await client.query(
          `UPDATE chronicle_read.projections
              SET transaction_id = '0', position = 0, events_applied = 0, updated_at = now()
            WHERE name = $1 AND version = $2`,
          [projection.name, projection.version],
        );
      });
      onError(
        new Error(`${id}: bulk build failed (${(error as Error).message}); replaying the log batch by batch`),
        projection.name,
      );
      return;
    }
    if (outcome === 'halted') return;
    await transaction(async (client) => {
      const standing = await standingOf(client, projection);
      if (standing?.status !== 'building' || (await bulkBuild.pendingUnits(client)).length > 0) return;
      await bulkBuild.finish(client);
      log(`${id} built in bulk up to position ${standing.checkpoint.position}; following the log from there`);
    });
  }

  async function goLive(client: pg.ClientBase, projection: Projection): Promise<void> {
    await switchViews(client, projection);
    await client.query(
      `UPDATE chronicle_read.projections SET status = 'retired', updated_at = now()
        WHERE name = $1 AND version <> $2 AND status = 'live'`,
      [projection.name, projection.version],
    );
    await client.query(
      `UPDATE chronicle_read.projections SET status = 'live', switched_at = now(), updated_at = now()
        WHERE name = $1 AND version = $2`,
      [projection.name, projection.version],
    );
    log(`${projection.name} v${projection.version} caught up and serves now`);
    if (notify) {
      await client.query(`SELECT pg_notify('${CHANGES_CHANNEL}', $1)`, [
        JSON.stringify({ projection: projection.name, switchedTo: projection.version }),
      ]);
    }
  }

  /** Applies the range event by event up to the one that fails, and stops the projection there. */
  async function stopOnPoison(
    client: pg.ClientBase,
    projection: Projection,
    apply: (client: pg.ClientBase, range: LogRange) => Promise<unknown>,
    range: LogRange,
    error: unknown,
  ) {
    const poison = await findPoisonEvent(client, apply, range, (applied) =>
      saveCheckpoint(client, projection, applied),
    );
    const cause = (poison?.error ?? error) as Error;
    const what = poison
      ? `event at position ${poison.position} (${poison.type}, stream ${poison.tenant}/${poison.streamId})`
      : `the events after position ${range.from.position}`;
    const message = `${projection.name} v${projection.version} failed on ${what}: ${cause.message}`;
    await client.query(
      `UPDATE chronicle_read.projections SET status = 'failed', error = $3, updated_at = now()
        WHERE name = $1 AND version = $2`,
      [projection.name, projection.version, message],
    );
    onError(new Error(message), projection.name);
  }

  /**
   * Where the version stands, locked for this batch; undefined when it no longer runs. A bulk unit takes
   * the row `FOR KEY SHARE` instead: units run side by side, and a cancel (an update) need not wait for them.
   */
  async function standingOf(
    client: pg.ClientBase,
    projection: Projection,
    lock: 'FOR UPDATE' | 'FOR KEY SHARE' = 'FOR UPDATE',
  ): Promise<{ status: 'building' | 'live'; checkpoint: Checkpoint } | undefined> {
    const { rows } = await client.query<{ status: string; transaction_text: string; position_text: string }>(
      `SELECT status, transaction_id::text AS transaction_text, position::text AS position_text
         FROM chronicle_read.projections WHERE name = $1 AND version = $2 ${lock}`,
      [projection.name, projection.version],
    );
    const row = rows[0];
    if (!row || (row.status !== 'building' && row.status !== 'live')) return undefined;
    return {
      status: row.status,
      checkpoint: { transactionId: BigInt(row.transaction_text), position: BigInt(row.position_text) },
    };
  }

  async function saveCheckpoint(client: pg.ClientBase, projection: Projection, range: LogRange) {
    await client.query(
      `UPDATE chronicle_read.projections
          SET transaction_id = $3::text::xid8, position = $4, events_applied = events_applied + $5, updated_at = now()
        WHERE name = $1 AND version = $2`,
      [
        projection.name,
        projection.version,
        range.to.transactionId.toString(),
        range.to.position.toString(),
        range.events,
      ],
    );
  }

  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    const onClientError = () => (broken = true);
    client.on('error', onClientError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.off('error', onClientError);
      client.release(broken);
    }
  }

  /** The newest event committed (in log order), visible or not yet below the horizon. */
  async function logHead(): Promise<Checkpoint | undefined> {
    const { rows } = await pool.query<{ transaction_text: string; position_text: string }>(
      `SELECT transaction_id::text AS transaction_text, global_position::text AS position_text
         FROM chronicle.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row && { transactionId: BigInt(row.transaction_text), position: BigInt(row.position_text) };
  }

  return {
    async caughtUp() {
      const askedAt = ticks;
      const head = await logHead().catch(() => undefined);
      await Promise.all(
        projections.map(
          (projection) =>
            new Promise<void>((resolve) => {
              if (finished.has(projection)) return resolve();
              const waiter = { askedAt, head, resolve };
              caughtUpWaiters.set(projection, [...(caughtUpWaiters.get(projection) ?? []), waiter]);
              wakeAll();
            }),
        ),
      );
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      unlisten();
      wakeAll();
      await Promise.all(workers);
      await pool.end();
    },
  };
}

/** Points readers at a version's tables, in the caller's transaction (readers see the old or the new). */
export async function switchViews(client: pg.ClientBase, projection: Projection): Promise<void> {
  for (const [view, table] of Object.entries(projection.views)) {
    await client.query(
      `CREATE OR REPLACE VIEW chronicle_read.${view} WITH (security_invoker = true) AS SELECT * FROM chronicle_read.${table}`,
    );
    await client.query(`GRANT SELECT ON chronicle_read.${view} TO chronicle_app, chronicle_platform`);
  }
}

/**
 * Failures that say nothing about the events: the connection or server (Node socket errors, SQLSTATE
 * classes 08, 53, 57P), or a concurrency abort (40001, 40P01). The batch is retried; anything else an
 * event caused, and it stops the projection.
 */
function isTransient(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  if (typeof code === 'string') {
    return /^(E[A-Z]+|08|53|57P|40001|40P01)/.test(code);
  }
  return /Connection terminated|not queryable|timeout|ECONN/i.test(message ?? '');
}

/** Whether checkpoint `a` comes before `b` in log order (transaction id, then position). */
function isBefore(a: Checkpoint, b: Checkpoint): boolean {
  return (
    a.transactionId < b.transactionId || (a.transactionId === b.transactionId && a.position < b.position)
  );
}
