import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startProjectionRunner } from '../runner/projection-runner.js';
import { auditReadModel } from '../test-support/read-model-audit.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { timeseriesProjection } from '../timeseries/timeseries-projection.js';

const MAIN = fileURLToPath(new URL('../../dist/test-support/rebuild-runner-main.js', import.meta.url));
const fixture = useProjectorDatabase();
const T0 = Date.UTC(2026, 8, 1);
const SOURCES = 60;
const EVENTS = 600;
const children = new Set<ChildProcess>();
afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

type Stage = 'replaying' | 'units' | 'tail' | 'other';

/** Version 2's bulk build as the database shows it, with the units built so far. */
async function stageOfVersion2(): Promise<{ stage: Stage; built: number }> {
  const { rows } = await fixture.sql.query<{ status: string; replaying: boolean; planned: boolean }>(
    `SELECT status, to_regclass('chronicle_read.timeseries_v2_build_events') IS NOT NULL AS replaying,
            to_regclass('chronicle_read.timeseries_v2_build_units') IS NOT NULL AS planned
       FROM chronicle_read.projections WHERE name = 'timeseries' AND version = 2`,
  );
  const row = rows[0];
  if (row?.status !== 'building') return { stage: 'other', built: 0 };
  if (!row.replaying) return { stage: 'tail', built: 0 };
  if (!row.planned) return { stage: 'replaying', built: 0 };
  // (the table may be dropped in between, by the finish)
  const units = await fixture.sql
    .query<{ built: number; left: number }>(
      `SELECT count(*) FILTER (WHERE built)::int AS built, count(*) FILTER (WHERE NOT built)::int AS left
         FROM chronicle_read.timeseries_v2_build_units`,
    )
    .then(({ rows: [counts] }) => counts ?? { built: 0, left: 0 })
    .catch(() => ({ built: 0, left: 0 }));
  return { stage: units.built > 0 && units.left > 0 ? 'units' : 'other', built: units.built };
}

/**
 * A new version built in bulk beside the serving one while producers write, its runner process killed
 * with SIGKILL in each stage of the build: in the replay, between units, in the tail; then at random.
 */
describe('a bulk build across kill -9', () => {
  it('resumes after every kill and ends equal to a from-scratch computation', async () => {
    expect(existsSync(MAIN), 'projectors/dist: run `npm run build` first').toBe(true);
    let random = 7;
    const next = (n: number) => {
      random = (random * 1103515245 + 12345) % 2147483648;
      return random % n;
    };
    for (let i = 0; i < EVENTS; i++) {
      const start = T0 + Math.floor(i / SOURCES) * 50_000 - (next(8) === 0 ? 30_000 : 0); // some overlap
      const points = Array.from({ length: 50 }, (_, k) => ({ t: start + k * 1000, v: next(1000) / 10 }));
      await fixture.record('crash-bulk', `meter-${i % SOURCES}`, points);
    }
    const serving = startProjectionRunner({
      connectionString: fixture.database.url,
      projections: [timeseriesProjection],
      store: fixture.store,
      buildBatchSize: 200,
      pollIntervalMs: 50,
    });
    await serving.caughtUp();
    await serving.stop();

    let writing = true;
    const writer = (async () => {
      while (writing) {
        const sourceId = `meter-${next(SOURCES)}`;
        const points = Array.from({ length: 1 + next(20) }, () => ({ t: T0 + next(DAY), v: next(100) }));
        if (next(5) === 0) await fixture.correct('crash-bulk', sourceId, points);
        else await fixture.record('crash-bulk', sourceId, points);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    let runner = startRunner();
    const killedIn: string[] = [];
    let built = 0;
    for (const stage of ['replaying', 'units', 'units', 'tail'] as const) {
      const deadline = Date.now() + 30_000;
      // In the units stage, only once the runner has built one since the last kill.
      let seen = await stageOfVersion2();
      while (seen.stage !== stage || (stage === 'units' && seen.built <= built)) {
        if (Date.now() > deadline)
          throw new Error(`never saw version 2 in stage ${stage} (last: ${seen.stage})`);
        await new Promise((resolve) => setTimeout(resolve, 2));
        seen = await stageOfVersion2();
      }
      await stopRunner(runner, 'SIGKILL');
      killedIn.push(seen.stage);
      built = seen.built;
      runner = startRunner();
    }
    for (let kill = 0; kill < 4; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 100 + next(300)));
      await stopRunner(runner, 'SIGKILL');
      runner = startRunner();
    }
    writing = false;
    await writer;

    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await fixture.sql.query<{ done: boolean }>(
        `SELECT status = 'live' AND position = (SELECT max(global_position) FROM chronicle.events) AS done
           FROM chronicle_read.projections WHERE name = 'timeseries' AND version = 2`,
      );
      if (rows[0]?.done) break;
      if (Date.now() > deadline) throw new Error('version 2 did not catch up within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stopRunner(runner, 'SIGTERM');
    expect(killedIn).toEqual(['replaying', 'units', 'units', 'tail']);
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

const DAY = 86_400_000;

function startRunner(): ChildProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: fixture.database.url,
      PROJECTOR_BUILD_BATCH_SIZE: '10',
      PROJECTOR_BULK_UNIT_POINTS: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stopRunner(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
