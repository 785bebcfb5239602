import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createEventStore, migrate, type EventStore } from '@chronicle/eventstore';
import type { BenchSettings } from './bench-settings.js';
import type { Payload } from './event-payload.js';
import { createFreshDatabase } from './fresh-database.js';
import { ourWriter } from './our-writers.js';
import { runCount } from './timed-run.js';

export interface ReplayResult {
  label: string;
  /** Events one pass reads. */
  events: number;
  /** Median of the timed passes. */
  eventsPerSecond: number;
  passes: number[];
  /** The same rows, order and batch size through a plain keyset SELECT with pg: the client's limit. */
  plainEventsPerSecond: number;
  /**
   * The same rows and order as PostgreSQL writes them out, COPY TO STDOUT with every byte dropped: what one
   * server backend can deliver at all, with nothing parsed on the client (the physical limit of a reader).
   */
  serverEventsPerSecond: number;
}

export interface ReplayMeasurement {
  written: number;
  /** How fast the log was filled: 8 writers, 100-event appends, one shared store. */
  fillEventsPerSecond: number;
  results: ReplayResult[];
}

const WRITERS = 8;
const EVENTS_PER_APPEND = 100;
const PASSES = 3;

/** Fills a fresh log through our append, then times store.readAll over all tenants and over one. */
export async function measureReadAllReplay(
  serverUrl: string,
  settings: BenchSettings,
  payloads: readonly Payload[],
): Promise<ReplayMeasurement> {
  const database = await createFreshDatabase(serverUrl, 'read');
  try {
    await migrate(database.url);
    const store = createEventStore({ connectionString: database.url, ...settings.ours });
    const plain = new pg.Client({
      connectionString: database.url,
      application_name: 'chronicle-bench-plain',
    });
    await plain.connect();
    // The planner's page cost our store's event reads use (see eventstore/src/read/event-row.ts), so that
    // the plain reads and the server's output take the same index for one tenant.
    await plain.query(`SET random_page_cost = 1.1`);
    try {
      const tenants = Array.from({ length: settings.readTenants }, (_, index) => `bench-t${index}`);
      const writers = Array.from({ length: WRITERS }, (_, writer) =>
        ourWriter(store, {
          tenant: tenants[writer % tenants.length]!,
          writer,
          streams: settings.streamsPerWriter,
          eventsPerAppend: EVENTS_PER_APPEND,
          payloads,
        }),
      );
      const fillStarted = performance.now();
      const written = await runCount(writers, settings.readEvents, EVENTS_PER_APPEND);
      const fillEventsPerSecond = written / ((performance.now() - fillStarted) / 1000);
      // A log being replayed is old: vacuumed, hint bits set, statistics known.
      await database.query('VACUUM (ANALYZE) chronicle.events');
      await database.query('VACUUM (ANALYZE) chronicle.streams');

      const tenant = tenants[0]!;
      const [counts] = await database.query<{ total: number; tenant: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE tenant_id = $1)::int AS tenant FROM chronicle.events`,
        [tenant],
      );
      const batchSize = settings.readBatchSize;
      // Warm-up: one untimed pass, so every pass after it reads from the same warm cache.
      await timeReadAll(store, batchSize, undefined, counts!.total);
      const results = [
        await replay(
          store,
          plain,
          `readAll, all tenants (${counts!.total} ev)`,
          batchSize,
          undefined,
          counts!.total,
        ),
        await replay(
          store,
          plain,
          `readAll, one tenant (${counts!.tenant} ev)`,
          batchSize,
          tenant,
          counts!.tenant,
        ),
      ];
      return { written, fillEventsPerSecond, results };
    } finally {
      await plain.end();
      await store.close();
    }
  } finally {
    await database.drop();
  }
}

async function replay(
  store: EventStore,
  plain: pg.Client,
  label: string,
  batchSize: number,
  tenant: string | undefined,
  expected: number,
): Promise<ReplayResult> {
  const passes: number[] = [];
  for (let pass = 0; pass < PASSES; pass++)
    passes.push(await timeReadAll(store, batchSize, tenant, expected));
  const plainPasses: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    plainPasses.push(await timePlainRead(plain, batchSize, tenant, expected));
  }
  const serverPasses: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    serverPasses.push(await timeServerOutput(plain, tenant, expected));
  }
  return {
    label,
    events: expected,
    eventsPerSecond: median(passes),
    passes,
    plainEventsPerSecond: median(plainPasses),
    serverEventsPerSecond: median(serverPasses),
  };
}

/** One full pass of store.readAll, touching every event as a projector would; events per second. */
async function timeReadAll(
  store: EventStore,
  batchSize: number,
  tenant: string | undefined,
  expected: number,
): Promise<number> {
  const started = performance.now();
  let events = 0;
  let outOfOrder = 0;
  let last = { transactionId: -1n, position: -1n };
  for await (const event of store.readAll(tenant === undefined ? { batchSize } : { batchSize, tenant })) {
    events++;
    // The log's order is (transaction id, position): count any step backwards instead of trusting it.
    if (
      event.transactionId < last.transactionId ||
      (event.transactionId === last.transactionId && event.position <= last.position)
    ) {
      outOfOrder++;
    }
    last = event;
  }
  const seconds = (performance.now() - started) / 1000;
  if (events !== expected) throw new Error(`readAll returned ${events} events, expected ${expected}`);
  if (outOfOrder > 0)
    throw new Error(`readAll returned ${outOfOrder} events out of (transaction, position) order`);
  return events / seconds;
}

/**
 * The same pass as a plain keyset SELECT with pg (admin user, no row-level security, no conversion). The
 * converted column gets a name of its own: ORDER BY would otherwise sort by the text output column.
 */
async function timePlainRead(
  client: pg.Client,
  batchSize: number,
  tenant: string | undefined,
  expected: number,
): Promise<number> {
  const started = performance.now();
  let events = 0;
  let from: [string, string] = ['0', '0'];
  for (;;) {
    const { rows } = await client.query<{ transaction_text: string; global_position: string }>(
      `SELECT tenant_id, stream_id, stream_version, global_position, transaction_id::text AS transaction_text,
              event_id, event_type, schema_version, data, metadata, recorded_at, hash
         FROM chronicle.events
        WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint) ${tenant === undefined ? '' : 'AND tenant_id = $4'}
        ORDER BY transaction_id, global_position
        LIMIT $3`,
      tenant === undefined ? [from[0], from[1], batchSize] : [from[0], from[1], batchSize, tenant],
    );
    events += rows.length;
    if (rows.length < batchSize) break;
    const last = rows[rows.length - 1]!;
    from = [last.transaction_text, last.global_position];
  }
  const seconds = (performance.now() - started) / 1000;
  if (events !== expected) throw new Error(`plain read returned ${events} rows, expected ${expected}`);
  return events / seconds;
}

/**
 * The columns readAll selects, in its order and its binary format, written out by the server in one COPY
 * and dropped unread.
 */
async function timeServerOutput(
  client: pg.Client,
  tenant: string | undefined,
  expected: number,
): Promise<number> {
  const where = tenant === undefined ? '' : `AND tenant_id = ${pg.escapeLiteral(tenant)}`;
  const started = performance.now();
  const source = client.query(
    copyTo(`COPY (SELECT tenant_id, stream_id, stream_version, global_position, transaction_id, event_id,
                         event_type, schema_version, data, metadata, recorded_at, hash
                    FROM chronicle.events
                   WHERE (transaction_id, global_position) > ('0'::xid8, 0) ${where}
                   ORDER BY transaction_id, global_position) TO STDOUT (FORMAT binary)`),
  );
  await pipeline(
    source,
    new Writable({
      write(_chunk: Buffer, _encoding, done) {
        done();
      },
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (source.rowCount !== expected)
    throw new Error(`COPY wrote ${source.rowCount} rows, expected ${expected}`);
  return expected / seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
