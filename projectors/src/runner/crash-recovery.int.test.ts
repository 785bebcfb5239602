import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditReadModel } from '../test-support/read-model-audit.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { useRunnerProcesses } from '../test-support/runner-processes.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const fixture = useProjectorDatabase();
const T0 = Date.UTC(2026, 2, 1);
const KILLS = 15;
// The runner as production runs it (its main), in batches of 3.
const runners = useRunnerProcesses(MAIN, () => ({
  DATABASE_URL: fixture.database.url,
  PROJECTOR_BATCH_SIZE: '3',
  LOG_LEVEL: 'warn',
}));
const startRunner = runners.start;
const stopRunner = runners.stop;

/** The runner as production runs it, killed with SIGKILL at random moments while producers write. */
describe('projector runner crash recovery', () => {
  it('after every kill -9 and restart, the read model equals what the event store implies', async () => {
    let runner = startRunner();
    let writing = true;
    let written = 0;
    let random = 11;
    const next = (n: number) => {
      random = (random * 1103515245 + 12345) % 2147483648;
      return random % n;
    };
    const writer = (async () => {
      while (writing) {
        const tenant = `crash-${next(3)}`;
        const sourceId = `meter-${next(4)}`;
        const points = Array.from({ length: 1 + next(20) }, () => ({
          t: T0 + next(2 * 86_400_000),
          v: next(10_000) / 10,
        }));
        if (next(10) === 0) await fixture.correct(tenant, sourceId, points);
        else await fixture.record(tenant, sourceId, points);
        written++;
      }
    })();
    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 100 + next(400)));
      await stopRunner(runner, 'SIGKILL');
      runner = startRunner();
    }
    writing = false;
    await writer;
    // Caught up once the checkpoint stands at the last event of the log.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await fixture.sql.query<{ behind: boolean }>(
        `SELECT (SELECT max(global_position) FROM chronicle.events) >
                (SELECT position FROM chronicle_read.projections WHERE name = 'timeseries') AS behind`,
      );
      if (rows[0] && rows[0].behind === false) break;
      if (Date.now() > deadline) throw new Error('the runner did not catch up within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stopRunner(runner, 'SIGTERM');
    const audit = await auditReadModel(fixture.sql);
    expect(written).toBeGreaterThan(KILLS);
    expect(audit.expectedPoints).toBeGreaterThan(0);
    expect(audit).toEqual({
      expectedPoints: audit.expectedPoints,
      actualPoints: audit.expectedPoints,
      pointsDiffering: 0,
      expectedBuckets: audit.expectedBuckets,
      bucketsDiffering: 0,
    });
  });
});
