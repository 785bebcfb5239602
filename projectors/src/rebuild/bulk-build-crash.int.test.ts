import { describe, expect, it } from 'vitest';
import { startProjectionRunner } from '../runner/projection-runner.js';
import { KILL_STAGES, useBuildCrashHarness } from '../test-support/build-crash-harness.js';
import { auditReadModel } from '../test-support/read-model-audit.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { timeseriesProjection } from '../timeseries/timeseries-projection.js';

const fixture = useProjectorDatabase();
const harness = useBuildCrashHarness(fixture, { tenant: 'crash-bulk', versions: [1, 2] });
const SOURCES = 60;
const EVENTS = 600;
const VERSION_2 = { tables: 'timeseries_v2', row: 'version = 2', name: 'version 2' };

/**
 * A new version built in bulk beside the serving one while producers write, its runner process killed
 * with SIGKILL in each stage of the build: in the replay, between units, in the tail; then at random.
 */
describe('a bulk build across kill -9', () => {
  it('resumes after every kill and ends equal to a from-scratch computation', async () => {
    await harness.writeLog(EVENTS, SOURCES);
    const serving = startProjectionRunner({
      connectionString: fixture.database.url,
      projections: [timeseriesProjection],
      store: fixture.store,
      buildBatchSize: 200,
      pollIntervalMs: 50,
    });
    await serving.caughtUp();
    await serving.stop();

    const { runner, killedIn } = await harness.killThroughBuild(harness.startRunner(), VERSION_2, SOURCES, 4);
    await harness.caughtUp(VERSION_2);
    await harness.stopRunner(runner, 'SIGTERM');
    expect(killedIn).toEqual(KILL_STAGES);
    const audit = await auditReadModel(fixture.sql, 'timeseries_v2');
    expect(audit.expectedPoints).toBeGreaterThan(EVENTS * 40);
    expect(audit).toEqual({
      expectedPoints: audit.expectedPoints,
      actualPoints: audit.expectedPoints,
      pointsDiffering: 0,
      expectedBuckets: audit.expectedBuckets,
      bucketsDiffering: 0,
    });
    const { rows } = await fixture.sql.query<{ working: string | null }>(
      `SELECT to_regclass('chronicle_read.timeseries_v2_build_units')::text AS working`,
    );
    expect(rows).toEqual([{ working: null }]);
  }, 180_000);
});
