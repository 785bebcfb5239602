/**
 * Projection benchmark: the rebuild rate (a new version of the time-series projection building beside the
 * serving one from an empty read model, replaying a log of 10 million points or more from the start), the
 * live lag while ingesting 50,000 points/s, and the latency of a 24-hour chart query at 1-minute resolution
 * over 30 days of 1 Hz data. Run: npm run bench:projections.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabaseServer } from '@chronicle/devstack';
import { domainEvents, measurementsStreamId, upcastDomainEvent } from '@chronicle/domain';
import { createEventStore, migrate } from '@chronicle/eventstore';
import {
  createTimeseriesProjection,
  migrateReadModels,
  readSeries,
  startProjectionRunner,
  timeseriesProjection,
} from '@chronicle/projectors';
import { createFreshDatabase } from '../eventstore/fresh-database.js';
import { describeServer } from '../eventstore/server-info.js';
import { POINTS_PER_EVENT, QUERY_SOURCE, fillLog } from './fill-log.js';

const RESULTS_FILE = fileURLToPath(new URL('../../results/projections.json', import.meta.url));
const TARGETS = { rebuildPointsPerSecond: 500_000, lagP99Ms: 1_000, queryP95Ms: 10 };
const TENANT = 'bench-projections';

const number = (value: number) => Math.round(value).toLocaleString('en-US');
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
};

async function main(): Promise<void> {
  const points = Number(process.env.BENCH_PROJECTION_POINTS ?? 10_000_000);
  const ingestPerSecond = Number(process.env.BENCH_LIVE_POINTS_PER_SECOND ?? 50_000);
  const liveSeconds = Number(process.env.BENCH_LIVE_SECONDS ?? 15);
  const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const server = await openDatabaseServer();
  const database = await createFreshDatabase(server.url, 'projections');
  const store = createEventStore({ connectionString: database.url, upcast: upcastDomainEvent });
  const sql = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    await migrate(database.url);
    await migrateReadModels(database.url);
    const info = await describeServer(server.url, process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded');
    const now = Date.now();
    // Version 1 serves from the start (on an empty log), as a deployment's first version does.
    const first = startProjectionRunner({
      connectionString: database.url,
      projections: [timeseriesProjection],
      store,
      pollIntervalMs: 50,
    });
    await first.caughtUp();
    await first.stop();
    progress(`PostgreSQL ${info.version}; writing ${number(points)} points`);
    const fillStarted = performance.now();
    const written = await fillLog(store, TENANT, points, now);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    await sql.query('VACUUM ANALYZE chronicle.events');
    // Version 1 is taken as having followed the log (what it would have, live): the rebuild measured is
    // version 2's, beside it.
    await sql.query(
      `UPDATE chronicle_read.projections p SET transaction_id = e.transaction_id, position = e.global_position
         FROM (SELECT transaction_id, global_position FROM chronicle.events
                ORDER BY transaction_id DESC, global_position DESC LIMIT 1) e
        WHERE p.name = 'timeseries' AND p.version = 1`,
    );

    // Rebuild: version 2 is deployed beside version 1 and replays the whole log from the start; it has
    // caught up once it serves and has applied the log as it stood when we asked.
    progress(`rebuilding: replaying ${number(written)} points`);
    const rebuildStarted = performance.now();
    const runner = startProjectionRunner({
      connectionString: database.url,
      projections: [timeseriesProjection, createTimeseriesProjection(2)],
      store,
      pollIntervalMs: 50,
      log: (message) => progress(message),
    });
    await runner.caughtUp();
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
    const rebuildPointsPerSecond = written / rebuildSeconds;
    progress(`rebuild: ${number(rebuildPointsPerSecond)} points/s`);

    // The limit beside it: the same points moved from the log into a bare table (no key, no rollups).
    progress('limit: the points into a bare table');
    await sql.query(
      `CREATE TABLE bench_bare_points (tenant_id text, source_id text, ts bigint, value float8)`,
    );
    const limitStarted = performance.now();
    await sql.query(
      `INSERT INTO bench_bare_points
       SELECT e.tenant_id, e.source_id, (p->>'t')::bigint, (p->>'v')::float8
         FROM (SELECT tenant_id, data->>'sourceId' AS source_id, data->'points' AS points FROM chronicle.events
                WHERE event_type = 'MeasurementsRecorded' OFFSET 0) e,
              jsonb_array_elements(e.points) AS p`,
    );
    const limitPointsPerSecond = written / ((performance.now() - limitStarted) / 1000);
    await sql.query('DROP TABLE bench_bare_points');

    // Live lag: 500-point events at the ingest rate; lag = append commit -> projection checkpoint past it.
    progress(`live: ${number(ingestPerSecond)} points/s for ${liveSeconds} s`);
    const lags: number[] = [];
    const pending: { position: bigint; committedAt: number }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling || pending.length > 0) {
        const { rows } = await sql.query<{ position: string }>(
          `SELECT position::text AS position FROM chronicle_read.projections WHERE name = 'timeseries' AND status = 'live'`,
        );
        const at = performance.now();
        const position = BigInt(rows[0]?.position ?? '0');
        while (pending.length > 0 && pending[0]!.position <= position)
          lags.push(at - pending.shift()!.committedAt);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const eventsPerSecond = ingestPerSecond / POINTS_PER_EVENT;
    const liveStarted = performance.now();
    let sent = 0;
    const inFlight: Promise<void>[] = [];
    while (performance.now() - liveStarted < liveSeconds * 1000) {
      const due = Math.floor(((performance.now() - liveStarted) / 1000) * eventsPerSecond);
      while (sent < due) {
        const index = sent++;
        const base = now + index * POINTS_PER_EVENT;
        const event = domainEvents.toEnvelope({
          type: 'MeasurementsRecorded',
          data: {
            sourceId: `live-${index % 50}`,
            points: Array.from({ length: POINTS_PER_EVENT }, (_, k) => ({ t: base + k, v: k })),
          },
        });
        inFlight.push(
          store
            .append({
              tenant: TENANT,
              streams: [{ streamId: measurementsStreamId(`live-${index % 50}`), events: [event] }],
            })
            .then((result) => {
              pending.push({ position: result.streams[0]!.lastPosition, committedAt: performance.now() });
              pending.sort((a, b) => (a.position < b.position ? -1 : 1));
            }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(inFlight);
    const achievedIngest = (sent * POINTS_PER_EVENT) / ((performance.now() - liveStarted) / 1000);
    sampling = false;
    await sampler;
    await runner.stop();

    // Range queries: a 24-hour chart at 1-minute resolution, somewhere in the 30 days, as the query API reads.
    progress('range queries');
    const reader = new pg.Client({ connectionString: database.url, options: '-c role=chronicle_app' });
    await reader.connect();
    await reader.query(`SELECT set_config('chronicle.tenant_id', $1, false)`, [TENANT]);
    const queryTimes: number[] = [];
    let buckets = 0;
    for (let i = 0; i < 300; i++) {
      const to = now - Math.floor(Math.random() * 29) * 86_400_000;
      const started = performance.now();
      const series = await readSeries(reader, {
        tenant: TENANT,
        sourceId: QUERY_SOURCE,
        from: to - 86_400_000,
        to,
        resolution: '1m',
      });
      queryTimes.push(performance.now() - started);
      buckets = series.length;
    }
    await reader.end();

    const report = {
      finishedAt: new Date().toISOString(),
      server: info,
      machine: { cpus: availableParallelism(), node: process.version },
      log: {
        points: written,
        events: written / POINTS_PER_EVENT,
        fillPointsPerSecond: written / fillSeconds,
      },
      rebuild: { seconds: rebuildSeconds, pointsPerSecond: rebuildPointsPerSecond, limitPointsPerSecond },
      live: {
        targetPointsPerSecond: ingestPerSecond,
        achievedPointsPerSecond: achievedIngest,
        events: lags.length,
        lagP50Ms: percentile(lags, 0.5),
        lagP99Ms: percentile(lags, 0.99),
      },
      query: {
        bucketsPerQuery: buckets,
        p50Ms: percentile(queryTimes, 0.5),
        p95Ms: percentile(queryTimes, 0.95),
      },
    };
    const ok = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
    console.log(
      [
        `PostgreSQL ${info.version}; ${report.machine.cpus} CPUs, Node ${report.machine.node}`,
        `log: ${number(written)} points in ${number(written / POINTS_PER_EVENT)} events (written at ${number(report.log.fillPointsPerSecond)} points/s by 8 direct writers)`,
        '',
        '| measurement | ours | beside it (same run) |',
        '|---|---:|---:|',
        `| rebuild from the start, points/s | ${number(rebuildPointsPerSecond)} (${(rebuildPointsPerSecond / limitPointsPerSecond).toFixed(2)} of the limit) | limit: same points into a bare table ${number(limitPointsPerSecond)} |`,
        `| live lag at ${number(achievedIngest)} points/s, p50 / p99 ms | ${report.live.lagP50Ms.toFixed(0)} / ${report.live.lagP99Ms.toFixed(0)} | - |`,
        `| 24 h at 1 min (${buckets} buckets) of 30 days 1 Hz, p50 / p95 ms | ${report.query.p50Ms.toFixed(2)} / ${report.query.p95Ms.toFixed(2)} | - |`,
        '',
        'Targets',
        `  ${ok(rebuildPointsPerSecond >= TARGETS.rebuildPointsPerSecond)}  rebuild >= ${number(TARGETS.rebuildPointsPerSecond)} points/s: ${number(rebuildPointsPerSecond)}`,
        `  ${ok(report.live.lagP99Ms <= TARGETS.lagP99Ms && achievedIngest >= ingestPerSecond * 0.95)}  lag p99 <= ${TARGETS.lagP99Ms} ms at ${number(ingestPerSecond)} points/s: ${report.live.lagP99Ms.toFixed(0)} ms at ${number(achievedIngest)}`,
        `  ${ok(report.query.p95Ms <= TARGETS.queryP95Ms)}  24 h chart at 1 min p95 <= ${TARGETS.queryP95Ms} ms: ${report.query.p95Ms.toFixed(2)} ms`,
      ].join('\n'),
    );
    await mkdir(dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await sql.end();
    await store.close();
    await database.drop();
    await server.stop();
  }
}

await main();
