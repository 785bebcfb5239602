import { afterAll, describe, expect, it } from 'vitest';
import { startProjectionRunner, type ProjectionRunner } from '../runner/projection-runner.js';
import { startLiveTraffic } from '../test-support/live-traffic.js';
import { auditReadModel } from '../test-support/read-model-audit.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { createTimeseriesProjection } from '../timeseries/timeseries-projection.js';

const fixture = useProjectorDatabase();
const T0 = Date.UTC(2026, 5, 1);
const v1 = createTimeseriesProjection(1);
const v2 = createTimeseriesProjection(2);

describe('rebuilding a projection as a new version', () => {
  const runners: ProjectionRunner[] = [];
  afterAll(() => Promise.all(runners.map((runner) => runner.stop())));
  const start = (projections = [v1]) => {
    const runner = startProjectionRunner({
      connectionString: fixture.database.url,
      projections,
      store: fixture.store,
      batchSize: 20,
      buildBatchSize: 1000,
      pollIntervalMs: 50,
    });
    runners.push(runner);
    return runner;
  };
  const status = async () =>
    (
      await fixture.sql.query<{ version: number; status: string }>(
        `SELECT version, status FROM chronicle_read.projections WHERE name = 'timeseries' ORDER BY version`,
      )
    ).rows;

  it('builds beside the serving version under live writes and reads, then switches; readers never see an error or nothing', async () => {
    const first = start([v1]);
    let written = 0;
    const write = async () => {
      const points = Array.from({ length: 10 }, (_, index) => ({
        t: T0 + written * 10 + index,
        v: written + index,
      }));
      await fixture.record('rebuild', `meter-${written % 3}`, points);
      written++;
    };
    for (let i = 0; i < 300; i++) await write();
    await first.caughtUp();

    // Live writes and live reads (as the query API reads: chronicle_app, the tenant set, the stable view).
    const { reads, readErrors, stop: stopTraffic } = await startLiveTraffic(fixture, 'rebuild', write);

    // Version 2 is deployed beside version 1.
    await first.stop();
    const second = start([v1, v2]);
    const deadline = Date.now() + 60_000;
    while (!(await status()).some((row) => row.version === 2 && row.status === 'live')) {
      if (Date.now() > deadline || readErrors.length > 0) {
        throw new Error(
          `v2 did not go live: ${JSON.stringify(await status())}; read errors: ${readErrors.join('; ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await stopTraffic();
    await second.caughtUp();

    expect(await status()).toEqual([
      { version: 1, status: 'retired' },
      { version: 2, status: 'live' },
    ]);
    expect(readErrors).toEqual([]);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((count) => count >= 3000)).toBe(true);
    expect(await auditReadModel(fixture.sql, 'timeseries_v2')).toMatchObject({
      actualPoints: written * 10,
      pointsDiffering: 0,
      bucketsDiffering: 0,
    });
    // The old version is kept, as it was when retired, until it is dropped.
    const { rows } = await fixture.sql.query(
      `SELECT to_regclass('chronicle_read.timeseries_v1_points') IS NOT NULL AS kept`,
    );
    expect(rows).toEqual([{ kept: true }]);
  }, 120_000);
});
