import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { auditReadModel } from '../test-support/read-model-audit.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { requestRebuild } from './runtime-rebuild.js';

const MAIN = fileURLToPath(
  new URL('../../dist/test-support/runtime-rebuild-runner-main.js', import.meta.url),
);
const fixture = useProjectorDatabase();
const T0 = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
const SOURCES = 40;
const EVENTS = 400;
const children = new Set<ChildProcess>();
afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

type Stage = 'replaying' | 'units' | 'tail' | 'other';

/** The rebuild (generation 2 of v1) as the database shows it, with the units built so far. */
async function stageOfRebuild(): Promise<{ stage: Stage; built: number }> {
  const { rows } = await fixture.sql.query<{ status: string; replaying: boolean; planned: boolean }>(
    `SELECT status, to_regclass('chronicle_read.timeseries_v1_g2_build_events') IS NOT NULL AS replaying,
            to_regclass('chronicle_read.timeseries_v1_g2_build_units') IS NOT NULL AS planned
       FROM chronicle_read.projections WHERE name = 'timeseries' AND version = 1 AND generation = 2`,
  );
  const row = rows[0];
  if (row?.status !== 'building') return { stage: 'other', built: 0 };
  if (!row.replaying) return { stage: 'tail', built: 0 };
  if (!row.planned) return { stage: 'replaying', built: 0 };
  // (the table may be dropped in between, by the finish)
  const units = await fixture.sql
    .query<{ built: number; left: number }>(
      `SELECT count(*) FILTER (WHERE built)::int AS built, count(*) FILTER (WHERE NOT built)::int AS left
         FROM chronicle_read.timeseries_v1_g2_build_units`,
    )
    .then(({ rows: [counts] }) => counts ?? { built: 0, left: 0 })
    .catch(() => ({ built: 0, left: 0 }));
  return { stage: units.built > 0 && units.left > 0 ? 'units' : 'other', built: units.built };
}

/**
 * A rebuild asked for at run time, its runner process killed with SIGKILL in each stage of the build (in
 * the replay, between units, in the tail), then at random, while producers write: it resumes every time
 * from where it stood and switches once caught up, equal to a from-scratch computation.
 */
describe('a runtime rebuild across kill -9', () => {
  it('resumes after every kill and ends equal to a from-scratch computation', async () => {
    expect(existsSync(MAIN), 'projectors/dist: run `npm run build` first').toBe(true);
    let random = 11;
    const next = (n: number) => {
      random = (random * 1103515245 + 12345) % 2147483648;
      return random % n;
    };
    for (let i = 0; i < EVENTS; i++) {
      const start = T0 + Math.floor(i / SOURCES) * 50_000 - (next(8) === 0 ? 30_000 : 0); // some overlap
      const points = Array.from({ length: 50 }, (_, k) => ({ t: start + k * 1000, v: next(1000) / 10 }));
      await fixture.record('crash-rebuild', `meter-${i % SOURCES}`, points);
    }
    let runner = startRunner();
    await waitFor(
      `SELECT status = 'live' AND position = (SELECT max(global_position) FROM chronicle.events) AS done
         FROM chronicle_read.projections WHERE name = 'timeseries' AND version = 1 AND generation = 1`,
      'the serving version did not catch up',
    );

    let writing = true;
    const writer = (async () => {
      while (writing) {
        const sourceId = `meter-${next(SOURCES)}`;
        const points = Array.from({ length: 1 + next(20) }, () => ({ t: T0 + next(DAY), v: next(100) }));
        if (next(5) === 0) await fixture.correct('crash-rebuild', sourceId, points);
        else await fixture.record('crash-rebuild', sourceId, points);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    expect(await requestRebuild(fixture.sql, 'timeseries', 'ops-subject')).toMatchObject({ generation: 2 });
    const killedIn: string[] = [];
    let built = 0;
    for (const stage of ['replaying', 'units', 'units', 'tail'] as const) {
      const deadline = Date.now() + 30_000;
      // In the units stage, only once the runner has built one since the last kill.
      let seen = await stageOfRebuild();
      while (seen.stage !== stage || (stage === 'units' && seen.built <= built)) {
        if (Date.now() > deadline)
          throw new Error(`never saw the rebuild in stage ${stage} (last: ${seen.stage})`);
        await new Promise((resolve) => setTimeout(resolve, 2));
        seen = await stageOfRebuild();
      }
      await stopRunner(runner, 'SIGKILL');
      killedIn.push(seen.stage);
      built = seen.built;
      runner = startRunner();
    }
    for (let kill = 0; kill < 3; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 100 + next(300)));
      await stopRunner(runner, 'SIGKILL');
      runner = startRunner();
    }
    writing = false;
    await writer;

    await waitFor(
      `SELECT status = 'live' AND position = (SELECT max(global_position) FROM chronicle.events) AS done
         FROM chronicle_read.projections WHERE name = 'timeseries' AND version = 1 AND generation = 2`,
      'the rebuild did not catch up',
    );
    await stopRunner(runner, 'SIGTERM');
    expect(killedIn).toEqual(['replaying', 'units', 'units', 'tail']);
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

async function waitFor(sql: string, failure: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await fixture.sql.query<{ done: boolean }>(sql);
    if (rows[0]?.done) return;
    if (Date.now() > deadline) throw new Error(`${failure} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

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
