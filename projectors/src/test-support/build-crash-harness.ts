import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProjectorFixture } from './projector-fixture.js';
import { useRunnerProcesses } from './runner-processes.js';

const MAIN = fileURLToPath(new URL('../../dist/test-support/crash-runner-main.js', import.meta.url));
const T0 = Date.UTC(2026, 8, 1);
const DAY = 86_400_000;
/** The stages a kill is aimed at, in order: units twice, each time once one more unit is built. */
export const KILL_STAGES = ['replaying', 'units', 'units', 'tail'] as const;

type Stage = (typeof KILL_STAGES)[number] | 'other';

/** A bulk build as the database shows it: its status row, and its tables (`chronicle_read.<tables>_…`). */
export interface WatchedBuild {
  /** e.g. `timeseries_v2`, `timeseries_v1_g2` */
  tables: string;
  /** Picks the build's row of chronicle_read.projections, e.g. `version = 2`. */
  row: string;
  /** What the failures call it. */
  name: string;
}

/**
 * Runner processes killed with SIGKILL in each stage of a bulk build (in the replay, between units, in the
 * tail), then at random, while a producer writes and corrects: the harness of the crash tests of a new
 * version and of a runtime rebuild. Runners are the test runner main (`crash-runner-main.ts`) hosting the
 * time series versions asked for, in small batches and bulk units.
 */
export function useBuildCrashHarness(
  fixture: ProjectorFixture,
  options: { tenant: string; versions: number[] },
) {
  const runners = useRunnerProcesses(MAIN, () => ({
    DATABASE_URL: fixture.database.url,
    PROJECTOR_VERSIONS: options.versions.join(','),
    PROJECTOR_BUILD_BATCH_SIZE: '10',
    PROJECTOR_BULK_UNIT_POINTS: '1000',
  }));
  let random = 7;
  const next = (n: number) => {
    random = (random * 1103515245 + 12345) % 2147483648;
    return random % n;
  };

  async function stageOf(build: WatchedBuild): Promise<{ stage: Stage; built: number }> {
    const { rows } = await fixture.sql.query<{ status: string; replaying: boolean; planned: boolean }>(
      `SELECT status, to_regclass('chronicle_read.${build.tables}_build_events') IS NOT NULL AS replaying,
              to_regclass('chronicle_read.${build.tables}_build_units') IS NOT NULL AS planned
         FROM chronicle_read.projections WHERE name = 'timeseries' AND ${build.row}`,
    );
    const row = rows[0];
    if (row?.status !== 'building') return { stage: 'other', built: 0 };
    if (!row.replaying) return { stage: 'tail', built: 0 };
    if (!row.planned) return { stage: 'replaying', built: 0 };
    // (the table may be dropped in between, by the finish)
    const units = await fixture.sql
      .query<{ built: number; left: number }>(
        `SELECT count(*) FILTER (WHERE built)::int AS built, count(*) FILTER (WHERE NOT built)::int AS left
           FROM chronicle_read.${build.tables}_build_units`,
      )
      .then(({ rows: [counts] }) => counts ?? { built: 0, left: 0 })
      .catch(() => ({ built: 0, left: 0 }));
    return { stage: units.built > 0 && units.left > 0 ? 'units' : 'other', built: units.built };
  }

  return {
    startRunner: runners.start,
    stopRunner: runners.stop,

    /** A log of `events` measurement events, 50 points each, over `sources` sources, some overlapping. */
    async writeLog(events: number, sources: number): Promise<void> {
      for (let i = 0; i < events; i++) {
        const start = T0 + Math.floor(i / sources) * 50_000 - (next(8) === 0 ? 30_000 : 0);
        const points = Array.from({ length: 50 }, (_, k) => ({ t: start + k * 1000, v: next(1000) / 10 }));
        await fixture.record(options.tenant, `meter-${i % sources}`, points);
      }
    },

    /**
     * While a producer writes and corrects, kills `runner` in each stage of `build` (see KILL_STAGES) and
     * then `randomKills` times at random, starting a new runner each time; stops the producer and returns
     * the runner then running and the stages the kills hit.
     */
    async killThroughBuild(
      runner: ChildProcess,
      build: WatchedBuild,
      sources: number,
      randomKills: number,
      start: () => Promise<void> = async () => {},
    ): Promise<{ runner: ChildProcess; killedIn: string[] }> {
      let writing = true;
      const writer = (async () => {
        while (writing) {
          const sourceId = `meter-${next(sources)}`;
          const points = Array.from({ length: 1 + next(20) }, () => ({ t: T0 + next(DAY), v: next(100) }));
          if (next(5) === 0) await fixture.correct(options.tenant, sourceId, points);
          else await fixture.record(options.tenant, sourceId, points);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      await start();
      const killedIn: string[] = [];
      let built = 0;
      for (const stage of KILL_STAGES) {
        const deadline = Date.now() + 30_000;
        // In the units stage, only once the runner has built one since the last kill.
        let seen = await stageOf(build);
        while (seen.stage !== stage || (stage === 'units' && seen.built <= built)) {
          if (Date.now() > deadline)
            throw new Error(`never saw ${build.name} in stage ${stage} (last: ${seen.stage})`);
          await new Promise((resolve) => setTimeout(resolve, 2));
          seen = await stageOf(build);
        }
        await runners.stop(runner, 'SIGKILL');
        killedIn.push(seen.stage);
        built = seen.built;
        runner = runners.start();
      }
      for (let kill = 0; kill < randomKills; kill++) {
        await new Promise((resolve) => setTimeout(resolve, 100 + next(300)));
        await runners.stop(runner, 'SIGKILL');
        runner = runners.start();
      }
      writing = false;
      await writer;
      return { runner, killedIn };
    },

    /** Resolves once `build` serves and has applied the whole log; fails after 60 s. */
    async caughtUp(build: WatchedBuild): Promise<void> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { rows } = await fixture.sql.query<{ done: boolean }>(
          `SELECT status = 'live' AND position = (SELECT max(global_position) FROM chronicle.events) AS done
             FROM chronicle_read.projections WHERE name = 'timeseries' AND ${build.row}`,
        );
        if (rows[0]?.done) return;
        if (Date.now() > deadline) throw new Error(`${build.name} did not catch up within 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
