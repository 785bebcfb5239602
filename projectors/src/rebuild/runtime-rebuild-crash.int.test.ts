import { describe, expect, it } from 'vitest';
import { KILL_STAGES, useBuildCrashHarness } from '../test-support/build-crash-harness.js';
import { auditReadModel } from '../test-support/read-model-audit.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { requestRebuild } from './runtime-rebuild.js';

const fixture = useProjectorDatabase();
const harness = useBuildCrashHarness(fixture, { tenant: 'crash-rebuild', versions: [1] });
const SOURCES = 40;
const EVENTS = 400;
const SERVING = {
  tables: 'timeseries_v1',
  row: 'version = 1 AND generation = 1',
  name: 'the serving version',
};
const REBUILD = { tables: 'timeseries_v1_g2', row: 'version = 1 AND generation = 2', name: 'the rebuild' };

/**
 * A rebuild asked for at run time, its runner process killed with SIGKILL in each stage of the build (in
 * the replay, between units, in the tail), then at random, while producers write: it resumes every time
 * from where it stood and switches once caught up, equal to a from-scratch computation.
 */
describe('a runtime rebuild across kill -9', () => {
  it('resumes after every kill and ends equal to a from-scratch computation', async () => {
    await harness.writeLog(EVENTS, SOURCES);
    const serving = harness.startRunner();
    await harness.caughtUp(SERVING);

    const { runner, killedIn } = await harness.killThroughBuild(serving, REBUILD, SOURCES, 3, async () => {
      expect(await requestRebuild(fixture.sql, 'timeseries', 'ops-subject')).toMatchObject({ generation: 2 });
    });
    await harness.caughtUp(REBUILD);
    await harness.stopRunner(runner, 'SIGTERM');
    expect(killedIn).toEqual(KILL_STAGES);
    const audit = await auditReadModel(fixture.sql, 'timeseries_v1_g2');
    expect(audit.expectedPoints).toBeGreaterThan(EVENTS * 40);
    expect(audit).toEqual({
      expectedPoints: audit.expectedPoints,
      actualPoints: audit.expectedPoints,
      pointsDiffering: 0,
      expectedBuckets: audit.expectedBuckets,
      bucketsDiffering: 0,
    });
    const { rows } = await fixture.sql.query<{ status: string; working: string | null }>(
      `SELECT status, to_regclass('chronicle_read.timeseries_v1_g2_build_units')::text AS working
         FROM chronicle_read.projections WHERE name = 'timeseries' AND generation = 1`,
    );
    expect(rows).toEqual([{ status: 'retired', working: null }]);
  }, 180_000);
});
