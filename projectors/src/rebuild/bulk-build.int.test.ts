import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measurementsStreamId, type MeasurementPoint } from '@chronicle/domain';
import { startProjectionRunner, type ProjectionRunner } from '../runner/projection-runner.js';
import type { Projection } from '../runner/projection.js';
import { auditReadModel, diffVersions } from '../test-support/read-model-audit.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { applyRetention } from '../timeseries/retention.js';
import { createTimeseriesProjection, timeseriesProjection } from '../timeseries/timeseries-projection.js';
import { rebuildTenant } from './rebuild-tenant.js';

const fixture = useProjectorDatabase();
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 1);
// Units of a few points each: every test's log is cut into several, built side by side.
const version = (n: number) => createTimeseriesProjection(n, { pointsPerUnit: 40 });

/** Points at `count` seconds from `start`, values from `seed`. */
const run = (start: number, count: number, seed = 0, stepMs = 1000): MeasurementPoint[] =>
  Array.from({ length: count }, (_, index) => ({ t: start + index * stepMs, v: seed + index / 4 }));

/** Every kind of write the last-write-wins rule decides, for one tenant. */
async function writeAwkwardLog(tenant: string, base: number): Promise<void> {
  // A clean source: batches in time order, across minute, hour and day boundaries.
  for (let i = 0; i < 12; i++) await fixture.record(tenant, 'clean', run(base + i * 50_000, 50, i));
  await fixture.record(tenant, 'clean', run(base + DAY - 30_000, 60, 99));
  // Late: an earlier batch after later ones (no overlap: still clean).
  await fixture.record(tenant, 'late', run(base + 3_600_000, 30, 1));
  await fixture.record(tenant, 'late', run(base, 30, 2));
  // The same batch sent twice, then a different value at some of its times.
  await fixture.record(tenant, 'resent', run(base, 40, 3));
  await fixture.record(tenant, 'resent', run(base, 40, 3));
  await fixture.record(tenant, 'resent', run(base + 10_000, 5, 500));
  // Corrections, of recorded times and of a time never recorded.
  await fixture.record(tenant, 'corrected', run(base, 40, 4));
  await fixture.correct(tenant, 'corrected', [
    { t: base + 5_000, v: -1 },
    { t: base + 90 * DAY, v: -2 },
  ]);
  await fixture.correct(tenant, 'corrected', [{ t: base + 5_000, v: -3 }]);
  // One event writes a time twice (its first and last points look clean): the last one wins.
  await fixture.record(tenant, 'twice', [
    { t: base, v: 1 },
    { t: base + 1_000, v: 2 },
    { t: base, v: 3 },
    { t: base + 2_000, v: 4 },
  ]);
  await fixture.record(tenant, 'twice', run(base + 60_000, 10, 5));
  // Points out of order within an event, and a batch inside another's span.
  await fixture.record(tenant, 'unsorted', [
    { t: base + 9_000, v: 9 },
    { t: base + 1_000, v: 1 },
    { t: base + 5_000, v: 5 },
  ]);
  await fixture.record(tenant, 'unsorted', [{ t: base + 3_000, v: 3 }]);
  // The same source id in another tenant.
  await fixture.record(`${tenant}-other`, 'clean', run(base, 20, 7));
}

async function statusOf(v: number): Promise<{ status: string; error: string | null } | undefined> {
  const { rows } = await fixture.sql.query<{ status: string; error: string | null }>(
    `SELECT status, error FROM chronicle_read.projections WHERE name = 'timeseries' AND version = $1`,
    [v],
  );
  return rows[0];
}

async function waitForStatus(v: number, wanted: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await statusOf(v))?.status !== wanted) {
    if (Date.now() > deadline) {
      throw new Error(`v${v} is ${JSON.stringify(await statusOf(v))}, not ${wanted}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('building a new version in bulk', () => {
  const runners: ProjectionRunner[] = [];
  const errors: string[] = [];
  let projector: pg.Client;
  const start = (projections: Projection[]) => {
    const runner = startProjectionRunner({
      connectionString: fixture.database.url,
      projections,
      store: fixture.store,
      batchSize: 4,
      buildBatchSize: 7,
      pollIntervalMs: 50,
      onError: (error) => errors.push((error as Error).message),
    });
    runners.push(runner);
    return runner;
  };
  const stopAll = () => Promise.all(runners.splice(0).map((runner) => runner.stop()));
  beforeAll(async () => {
    projector = new pg.Client({
      connectionString: fixture.database.url,
      options: '-c role=chronicle_projector',
    });
    await projector.connect();
  });
  afterAll(async () => {
    await stopAll();
    await projector?.end();
  });

  it('ends equal to a from-scratch computation and to the version that applied the log batch by batch', async () => {
    await writeAwkwardLog('bulk', T0);
    const serving = start([timeseriesProjection]);
    await serving.caughtUp();
    await stopAll();

    const runner = start([timeseriesProjection, version(2)]);
    await waitForStatus(2, 'live');
    await runner.caughtUp();
    expect(errors.filter((message) => message.includes('bulk build'))).toEqual([]);
    // The bulk road was taken: the points are split into ranges of sources, one partition per unit.
    const { rows: partitions } = await fixture.sql.query<{ n: number; working: string | null }>(
      `SELECT count(*)::int AS n, to_regclass('chronicle_read.timeseries_v2_build_events')::text AS working
         FROM pg_partition_tree('chronicle_read.timeseries_v2_points') WHERE isleaf`,
    );
    expect(partitions[0]!.n).toBeGreaterThan(2);
    expect(partitions[0]!.working).toBeNull();
    const audit = await auditReadModel(fixture.sql, 'timeseries_v2');
    expect(audit).toMatchObject({
      actualPoints: audit.expectedPoints,
      pointsDiffering: 0,
      bucketsDiffering: 0,
    });
    expect(await diffVersions(fixture.sql, ['timeseries_v1', 'timeseries_v2'])).toMatchObject({
      points: audit.expectedPoints,
      pointsDiffering: 0,
      bucketsDiffering: 0,
    });
    const { rows } = await fixture.sql.query(
      `SELECT source_id, value FROM chronicle_read.points
        WHERE tenant_id = 'bulk' AND ((source_id = 'corrected' AND ts = $1) OR (source_id = 'twice' AND ts = $2))
        ORDER BY source_id`,
      [T0 + 5_000, T0],
    );
    expect(rows).toEqual([
      { source_id: 'corrected', value: -3 },
      { source_id: 'twice', value: 3 },
    ]);

    // Then it follows the log batch by batch, and a tenant of it can be rebuilt on its own.
    await writeAwkwardLog('bulk-later', T0 + DAY);
    await runner.caughtUp();
    await fixture.sql.query(`DELETE FROM chronicle_read.timeseries_v2_points WHERE tenant_id = 'bulk'`);
    await rebuildTenant(projector, version(2), 'bulk');
    expect(await auditReadModel(fixture.sql, 'timeseries_v2')).toMatchObject({
      pointsDiffering: 0,
      bucketsDiffering: 0,
    });
    await stopAll();
  });

  it('leaves out points behind the raw retention horizon, as the batch by batch road does, and retention reaches every partition', async () => {
    const horizon = T0 + 10 * DAY;
    await fixture.sql.query(
      `INSERT INTO chronicle_read.retention_horizons (resolution, before) VALUES (0, $1)
       ON CONFLICT (resolution) DO UPDATE SET before = excluded.before`,
      [horizon],
    );
    const serving = start([timeseriesProjection, version(2)]);
    await writeAwkwardLog('horizon', horizon - 60_000);
    await serving.caughtUp();
    await stopAll();

    const runner = start([timeseriesProjection, version(2), version(3)]);
    await waitForStatus(3, 'live');
    await runner.caughtUp();
    await stopAll();
    expect(await diffVersions(fixture.sql, ['timeseries_v2', 'timeseries_v3'], 'horizon')).toMatchObject({
      pointsDiffering: 0,
      bucketsDiffering: 0,
    });
    const { rows: behind } = await fixture.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM chronicle_read.timeseries_v3_points WHERE ts < $1`,
      [horizon],
    );
    expect(behind).toEqual([{ n: 0 }]);

    await applyRetention(projector, { rawDays: 1, minuteDays: 1, hourDays: 1 }, horizon + 3 * DAY);
    const { rows: kept } = await fixture.sql.query<{ n: number; leaves: number }>(
      `SELECT (SELECT count(*)::int FROM chronicle_read.timeseries_v3_points WHERE ts < $1) AS n,
              (SELECT count(*)::int FROM pg_partition_tree('chronicle_read.timeseries_v3_points') WHERE isleaf)
                AS leaves`,
      [horizon + 2 * DAY],
    );
    expect(kept[0]!.n).toBe(0);
    expect(kept[0]!.leaves).toBeGreaterThan(2);
  });

  it('stops on a poison event with an error naming it, having given the bulk road up', async () => {
    // (after every horizon the test before set: behind it a point is never read)
    const late = T0 + 200 * DAY;
    await fixture.record('poison', 'meter-1', run(late, 5));
    // A stored event no decider would have let through: a value that is not a number (past the first
    // point, so the replay's note of it passes and a unit meets it).
    await fixture.store.append({
      tenant: 'poison',
      streams: [
        {
          streamId: measurementsStreamId('meter-1'),
          events: [
            {
              type: 'MeasurementsRecorded',
              schemaVersion: 1,
              data: {
                sourceId: 'meter-1',
                points: [
                  { t: late + 10_000, v: 1 },
                  { t: late + 11_000, v: 'lots' },
                ],
              },
              metadata: {},
            },
          ],
        },
      ],
    });
    const { rows: bad } = await fixture.sql.query<{ position: string }>(
      `SELECT global_position::text AS position FROM chronicle.events WHERE data->'points'->1->>'v' = 'lots'`,
    );
    start([version(3), version(4)]);
    await waitForStatus(4, 'failed');
    expect((await statusOf(4))?.error).toContain(
      `event at position ${bad[0]!.position} (MeasurementsRecorded, stream poison/measurements-meter-1)`,
    );
    expect(errors.some((message) => message.includes('v4: bulk build failed'))).toBe(true);
    await stopAll();
  });
});
