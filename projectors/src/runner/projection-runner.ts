import pg from 'pg';
import { nextLogRange, type Checkpoint, type EventStore, type LogRange } from '@chronicle/eventstore';
import { buildName } from './build-name.js';
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
  /**
   * How often a runner that does not hold a projection tries to take it over, and looks for rebuilds
   * ops asked for. Default 1000 ms.
   */
  takeoverIntervalMs?: number;
  /** Whether to NOTIFY the query API after each batch (rebuilds mute it). Default true. */
  notify?: boolean;
  onError?: (error: unknown, projection: string) => void;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface ProjectionRunner {
  /**
   * Resolves once every projection this runner holds has applied the log as it stood at the call (a
   * rebuild under way: once it serves, or has stopped).
   */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

// Advisory lock namespace (the first key of pg_advisory_lock(int, int)): "chronicle projections".
const LOCK_CLASS = 0x43_50_52_4a;

/**
 * Hosts projections. Each projection is worked by one runner at a time (a session advisory lock); the
 * others wait and take over when its session ends (a crash ends it). A batch's read-model changes and the
 * projection's checkpoint commit together, so each event's effect is applied exactly once, whatever dies.
 * A projection that throws on an event stops with an error naming it; the others go on. Rebuilds that ops
 * ask for at run time (a new generation of a hosted version, chronicle_read.request_rebuild) are found by
 * looking every `takeoverIntervalMs`, and worked like any version: built beside the serving copy, switched
 * to once caught up.
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
    // Per projection a lock and a transaction, one rebuild's too; the look for rebuilds, notifications.
    max: (projections.length + 1) * 2 + 3 + bulkConnections,
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
  // Counts wake-ups, so that one arriving while a step runs (no one asleep to hear it) is not lost.
  let wakeUps = 0;
  const wakeAll = () => {
    wakeUps++;
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
  // A wait that appends do not cut short (the look for rebuilds need not follow the log), only a stop.
  const pauses = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pauses.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pauses.add(done);
    });

  // Every build this runner works (or stands by for), by name, version and generation.
  const worked = new Map<string, { projection: Projection; done: Promise<void> }>();
  const host = (projection: Projection) => {
    const key = buildKey(projection);
    if (!worked.has(key)) worked.set(key, { projection, done: work(projection) });
  };
  projections.forEach(host);
  const lookingForRebuilds = lookForRebuilds();

  async function work(projection: Projection) {
    const id = buildName(projection);
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
        const wakeUpsBefore = wakeUps;
        const outcome = await step(projection);
        failures = 0;
        if (outcome === 'stopped') {
          await dropIfCancelled(projection);
          log(`${id} stopped`, { reason: 'failed, retired or cancelled' });
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
          // Appended while the step ran (it may have read the log before): look again now.
          if (wakeUps === wakeUpsBefore) await sleep(pollIntervalMs);
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

  /**
   * Rebuilds asked for at run time, of versions this runner hosts: each is worked here too (or stood by
   * for, if another runner holds it), from its set-up to its switch; so are cancelled ones whose tables
   * are still to drop. A stop ends the look.
   */
  async function lookForRebuilds(): Promise<void> {
    while (!stopped) {
      try {
        const { rows } = await pool.query<{ name: string; version: number; generation: number }>(
          `SELECT name, version, generation FROM chronicle_read.projections
            WHERE generation > 1
              AND (status IN ('requested', 'building', 'live') OR (status = 'cancelled' AND dropped_at IS NULL))`,
        );
        for (const row of rows) {
          const hosted = projections.find(
            (projection) => projection.name === row.name && projection.version === row.version,
          );
          const copy = hosted?.ofGeneration?.(row.generation);
          if (copy && !stopped) host(copy);
        }
      } catch (error) {
        onError(error, 'rebuilds');
      }
      await pause(takeoverIntervalMs);
    }
  }

  async function takeLock(projection: Projection): Promise<pg.PoolClient | undefined> {
    const client = await pool.connect();
    client.on('error', () => {}); // a dropped session is seen by the next query on it
    // (a version's first build keeps the key it had before rebuilds had generations)
    const key =
      projection.generation === 1
        ? `${projection.name}:${projection.version}`
        : `${projection.name}:${projection.version}:${projection.generation}`;
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
      [LOCK_CLASS, key],
    );
    if (rows[0]?.locked) return client;
    client.release();
    return undefined;
  }

  /**
   * The version's tables and status row, made once (DDL on serving tables would lock out their readers at
   * every start); the first version of a projection serves from the start. A rebuild's row is made by the
   * request (status requested): its tables are made here, and it starts building.
   */
  async function setUp(projection: Projection): Promise<void> {
    await transaction(async (client) => {
      // DDL of concurrent runners (different projections) must not interleave on shared catalog rows.
      await client.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_CLASS]);
      if (projection.generation > 1) {
        // (a rebuild cancelled before it began has nothing to make)
        const { rowCount } = await client.query(
          `UPDATE chronicle_read.projections SET status = 'building', started_at = now(), updated_at = now()
            WHERE name = $1 AND version = $2 AND generation = $3 AND status = 'requested'`,
          [projection.name, projection.version, projection.generation],
        );
        if (!rowCount) return;
        await client.query(projection.schema);
        await projection.bulkBuild?.start(client);
        log(`${buildName(projection)} rebuilding beside the serving copy`);
        return;
      }
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
      // A newer version deployed wins over a build of an older one under way (a rebuild ops asked for, or
      // an older version's): one build at a time, or each would retire the other's copy when it switched.
      if (status === 'building') {
        await client.query(
          `UPDATE chronicle_read.projections SET status = 'cancelled', error = $3, updated_at = now()
            WHERE name = $1 AND version < $2 AND status IN ('requested', 'building')`,
          [projection.name, projection.version, `cancelled: version ${projection.version} was deployed`],
        );
      }
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
    const id = buildName(projection);
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
            WHERE name = $1 AND version = $2 AND generation = $3`,
          [projection.name, projection.version, projection.generation],
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
        WHERE name = $1 AND (version, generation) <> ($2, $3) AND status = 'live'`,
      [projection.name, projection.version, projection.generation],
    );
    await client.query(
      `UPDATE chronicle_read.projections SET status = 'live', switched_at = now(), updated_at = now()
        WHERE name = $1 AND version = $2 AND generation = $3`,
      [projection.name, projection.version, projection.generation],
    );
    log(`${buildName(projection)} caught up and serves now`);
    if (notify) {
      await client.query(`SELECT pg_notify('${CHANGES_CHANNEL}', $1)`, [
        JSON.stringify({
          projection: projection.name,
          switchedTo: projection.version,
          generation: projection.generation,
        }),
      ]);
    }
  }

  /**
   * A cancelled build is never resumed: its tables (working tables and partitions included) go, once
   * its units have ended. Its status row stays, for ops to see what became of it. Never a copy that
   * served: only a build that had not switched can be cancelled.
   */
  async function dropIfCancelled(projection: Projection): Promise<void> {
    await transaction(async (client) => {
      const { rows } = await client.query<{ status: string; dropped: boolean }>(
        `SELECT status, dropped_at IS NOT NULL AS dropped FROM chronicle_read.projections
          WHERE name = $1 AND version = $2 AND generation = $3 FOR UPDATE`,
        [projection.name, projection.version, projection.generation],
      );
      if (rows[0]?.status !== 'cancelled' || rows[0].dropped) return;
      for (const table of projection.tables ?? Object.values(projection.views)) {
        await client.query(`DROP TABLE IF EXISTS chronicle_read.${table}`);
      }
      await client.query(
        `UPDATE chronicle_read.projections SET dropped_at = now(), updated_at = now()
          WHERE name = $1 AND version = $2 AND generation = $3`,
        [projection.name, projection.version, projection.generation],
      );
      log(`${buildName(projection)} cancelled; its tables are dropped`);
    });
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
    const message = `${buildName(projection)} failed on ${what}: ${cause.message}`;
    await client.query(
      `UPDATE chronicle_read.projections SET status = 'failed', error = $4, updated_at = now()
        WHERE name = $1 AND version = $2 AND generation = $3`,
      [projection.name, projection.version, projection.generation, message],
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
         FROM chronicle_read.projections WHERE name = $1 AND version = $2 AND generation = $3 ${lock}`,
      [projection.name, projection.version, projection.generation],
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
          SET transaction_id = $4::text::xid8, position = $5, events_applied = events_applied + $6, updated_at = now()
        WHERE name = $1 AND version = $2 AND generation = $3`,
      [
        projection.name,
        projection.version,
        projection.generation,
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
        [...worked.values()]
          .map(({ projection }) => projection)
          .map(
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
      for (const end of pauses) end();
      await lookingForRebuilds;
      // (a rebuild found while the first workers ended is in the map too)
      await Promise.all([...worked.values()].map(({ done }) => done));
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

function buildKey(projection: Projection): string {
  return `${projection.name}:${projection.version}:${projection.generation}`;
}

/** Whether checkpoint `a` comes before `b` in log order (transaction id, then position). */
function isBefore(a: Checkpoint, b: Checkpoint): boolean {
  return (
    a.transactionId < b.transactionId || (a.transactionId === b.transactionId && a.position < b.position)
  );
}
