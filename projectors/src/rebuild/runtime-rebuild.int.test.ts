import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents } from '@chronicle/domain';
import { createCatalogueProjection } from '../catalogue/catalogue-projection.js';
import { projectionStatuses, type ProjectionStatus } from '../ops/projection-status.js';
import { startProjectionRunner, type ProjectionRunner } from '../runner/projection-runner.js';
import { startLiveTraffic } from '../test-support/live-traffic.js';
import { auditReadModel } from '../test-support/read-model-audit.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { createTimeseriesProjection } from '../timeseries/timeseries-projection.js';
import { cancelRebuild, RebuildRefused, requestRebuild } from './runtime-rebuild.js';

const fixture = useProjectorDatabase();
const T0 = Date.UTC(2026, 9, 1);
// Small units and batches: the build goes through every stage (replay, units side by side, tail).
const timeseries = createTimeseriesProjection(1, { pointsPerUnit: 200 });
const catalogue = createCatalogueProjection();

describe('a runtime rebuild of a serving projection', () => {
  let runner: ProjectionRunner;
  const errors: string[] = [];
  /** As the query API's ops requests run: chronicle_platform, which may call the request functions only. */
  let platform: pg.Client;
  let written = 0;
  const write = async () => {
    const points = Array.from({ length: 10 }, (_, index) => ({
      t: T0 + written * 10 + index,
      v: written + index,
    }));
    await fixture.record('rebuilt', `meter-${written % 7}`, points);
    written++;
  };
  const builds = async (name = 'timeseries') =>
    (await projectionStatuses(platform)).filter((row) => row.name === name);
  const build = async (generation: number, name = 'timeseries') =>
    (await builds(name)).find((row) => row.generation === generation);
  /** Polls the build's status as ops see it until `done`, keeping every status seen. */
  const watch = async (generation: number, done: (row: ProjectionStatus) => boolean, name = 'timeseries') => {
    const seen: ProjectionStatus[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const row = await build(generation, name);
      if (row) seen.push(row);
      if (row && done(row)) return seen;
      if (Date.now() > deadline) throw new Error(`gave up on ${name} g${generation}: ${JSON.stringify(row)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    platform = new pg.Client({
      connectionString: fixture.database.url,
      options: '-c role=chronicle_platform',
    });
    await platform.connect();
    // A tenant and its sources, so the catalogue has something to rebuild too.
    await fixture.store.append({
      tenant: 'rebuilt',
      streams: [
        {
          streamId: 'tenant',
          events: [
            domainEvents.toEnvelope({
              type: 'TenantRegistered',
              data: { tenantId: 'rebuilt', displayName: 'Rebuilt' },
            }),
          ],
        },
      ],
    });
    for (let i = 0; i < 300; i++) await write();
    runner = startProjectionRunner({
      connectionString: fixture.database.url,
      projections: [timeseries, catalogue],
      store: fixture.store,
      batchSize: 20,
      buildBatchSize: 25,
      pollIntervalMs: 50,
      takeoverIntervalMs: 50,
      onError: (error) => errors.push((error as Error).message),
    });
    await runner.caughtUp();
  });
  afterAll(async () => {
    await runner?.stop();
    await platform?.end();
  });

  it('builds a fresh copy beside the serving one under live writes and reads, reports its progress, and switches', async () => {
    // Live writes, and live reads as the query API reads (chronicle_app, the tenant set, the stable view).
    const { reads, readErrors, stop: stopTraffic } = await startLiveTraffic(fixture, 'rebuilt', write);

    const requested = await requestRebuild(platform, 'timeseries', 'ops-subject');
    expect(requested).toEqual({ name: 'timeseries', version: 1, generation: 2 });
    // Durable at once, and what ops see until a runner takes it up.
    expect(await build(2)).toMatchObject({ status: 'requested', requestedBy: 'ops-subject', position: 0n });
    // One build at a time.
    await expect(requestRebuild(platform, 'timeseries', 'ops-subject')).rejects.toMatchObject({
      reason: 'build-under-way',
      message: expect.stringContaining('already under way'),
    });

    const seen = await watch(2, (row) => row.status === 'live');
    await stopTraffic();
    await runner.caughtUp();

    // Progress as for a new version: the replay's position moving up to the head, then the units.
    const statuses = seen.map((row) => row.status);
    expect(statuses).toContain('building');
    expect(statuses.at(-1)).toBe('live');
    const positions = seen.map((row) => row.position);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const { bulk } of seen) {
      if (bulk) expect(bulk.pointsBuilt).toBeLessThanOrEqual(bulk.points);
    }
    // Its stages, in the order they come (whichever of them the polls happened to see).
    const order = ['replaying', 'units', 'catching-up'];
    const stages = seen.filter((row) => row.status === 'building').map((row) => order.indexOf(row.stage!));
    expect(stages.every((stage) => stage >= 0)).toBe(true);
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    expect(
      (await builds()).map(({ version, generation, status }) => ({ version, generation, status })),
    ).toEqual([
      { version: 1, generation: 1, status: 'retired' },
      { version: 1, generation: 2, status: 'live' },
    ]);
    // The serving copy served throughout: no read failed or came back short.
    expect(readErrors).toEqual([]);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((count) => count >= 3000)).toBe(true);
    // Equal to a from-scratch computation, and what readers now read.
    const audit = await auditReadModel(fixture.sql, 'timeseries_v1_g2');
    expect(audit).toMatchObject({ actualPoints: written * 10, pointsDiffering: 0, bucketsDiffering: 0 });
    const { rows: views } = await fixture.sql.query<{ definition: string }>(
      `SELECT definition FROM pg_views WHERE schemaname = 'chronicle_read' AND viewname = 'points'`,
    );
    expect(views[0]!.definition).toContain('timeseries_v1_g2_points');
    // It follows the log from there, as any serving version.
    await write();
    await runner.caughtUp();
    expect(await auditReadModel(fixture.sql, 'timeseries_v1_g2')).toMatchObject({
      actualPoints: written * 10,
      pointsDiffering: 0,
    });
    expect(errors).toEqual([]);
  }, 180_000);

  it('cancels a build under way: it stops, its tables go, and the serving copy goes on', async () => {
    // More history, so that the build is still under way when it is cancelled.
    for (let i = 0; i < 300; i++) await write();
    await runner.caughtUp();
    await requestRebuild(platform, 'timeseries', 'ops-subject');
    await watch(3, (row) => row.status === 'building');
    const cancelled = await cancelRebuild(platform, 'timeseries', 'ops-subject');
    expect(cancelled).toEqual({ name: 'timeseries', version: 1, generation: 3 });
    const seen = await watch(3, (row) => row.status === 'cancelled');
    expect(seen.at(-1)).toMatchObject({ cancelledBy: 'ops-subject' });
    // Its runner drops every table of it (partitions and working tables too).
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await fixture.sql.query<{ dropped: boolean; tables: number }>(
        `SELECT (SELECT dropped_at IS NOT NULL FROM chronicle_read.projections
                  WHERE name = 'timeseries' AND version = 1 AND generation = 3) AS dropped,
                (SELECT count(*)::int FROM pg_tables
                  WHERE schemaname = 'chronicle_read' AND tablename LIKE 'timeseries\\_v1\\_g3\\_%') AS tables`,
      );
      if (rows[0]!.dropped) {
        expect(rows[0]!.tables).toBe(0);
        break;
      }
      if (Date.now() > deadline) throw new Error('the cancelled build was not dropped');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await build(2)).toMatchObject({ status: 'live' });
    await write();
    await runner.caughtUp();
    expect(await auditReadModel(fixture.sql, 'timeseries_v1_g2')).toMatchObject({
      actualPoints: written * 10,
      pointsDiffering: 0,
      bucketsDiffering: 0,
    });
    // Nothing left to cancel now.
    await expect(cancelRebuild(platform, 'timeseries', 'ops-subject')).rejects.toMatchObject({
      reason: 'no-build-under-way',
      message: 'no build of timeseries is under way',
    });
  }, 180_000);

  it('rebuilds the catalogue the same way', async () => {
    await requestRebuild(platform, 'catalogue', null);
    await watch(2, (row) => row.status === 'live', 'catalogue');
    await runner.caughtUp();
    const { rows } = await fixture.sql.query<{ differing: number; tenants: number }>(
      `SELECT (SELECT count(*)::int FROM chronicle_read.catalogue_v1_tenants a
                 FULL JOIN chronicle_read.catalogue_v1_g2_tenants b USING (tenant_id)
                WHERE a IS DISTINCT FROM b) AS differing,
              (SELECT count(*)::int FROM chronicle_read.tenants) AS tenants`,
    );
    expect(rows).toEqual([{ differing: 0, tenants: 1 }]);
  }, 120_000);

  it('refuses a projection that does not exist, naming those that do', async () => {
    const refused = await requestRebuild(platform, 'timeseriez', 'ops-subject').catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RebuildRefused);
    expect(refused).toMatchObject({
      reason: 'unknown-projection',
      message: 'no projection named timeseriez (projections: catalogue, timeseries)',
    });
    await expect(cancelRebuild(platform, 'nothing', null)).rejects.toMatchObject({
      reason: 'unknown-projection',
    });
    // Nobody but ops' role (chronicle_platform, or the projectors') may ask.
    const app = new pg.Client({ connectionString: fixture.database.url, options: '-c role=chronicle_app' });
    await app.connect();
    await expect(requestRebuild(app, 'timeseries', null)).rejects.toMatchObject({ code: '42501' });
    await app.end();
  });
});
