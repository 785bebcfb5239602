import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProjectionRunner, type ProjectionRunner } from '../runner/projection-runner.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { createTimeseriesProjection, timeseriesProjection } from '../timeseries/timeseries-projection.js';

const CLI = fileURLToPath(new URL('../../dist/ops/ops-cli.js', import.meta.url));
const fixture = useProjectorDatabase();

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: fixture.database.url },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('the projections ops CLI', () => {
  let runner: ProjectionRunner;
  beforeAll(async () => {
    expect(existsSync(CLI), 'projectors/dist: run `npm run build` first').toBe(true);
    runner = startProjectionRunner({
      connectionString: fixture.database.url,
      projections: [timeseriesProjection],
      store: fixture.store,
      pollIntervalMs: 50,
    });
    await fixture.record('ops', 'meter-1', [{ t: Date.UTC(2026, 6, 1), v: 1 }]);
    await runner.caughtUp();
  });
  afterAll(() => runner?.stop());

  it('shows every version, watches one to completion, cancels a build and drops it, and rebuilds at run time', async () => {
    const status = await cli('status');
    expect(status.code).toBe(0);
    expect(status.out).toContain('timeseries v1');
    expect(status.out).toContain('live');
    expect((await cli('watch', 'timeseries', '1')).code).toBe(0);

    // A version 2 that has started building (as a runner's set-up leaves it, bulk working table included).
    const projector = new pg.Client({
      connectionString: fixture.database.url,
      options: '-c role=chronicle_projector',
    });
    await projector.connect();
    const v2 = createTimeseriesProjection(2);
    await projector
      .query(v2.schema)
      .then(() => v2.bulkBuild!.start(projector))
      .finally(() => projector.end());
    await fixture.sql.query(
      `INSERT INTO chronicle_read.projections (name, version, status) VALUES ('timeseries', 2, 'building')`,
    );
    expect((await cli('drop', 'timeseries', '2')).out).toContain(
      'only retired or cancelled versions are dropped',
    );
    expect((await cli('cancel', 'timeseries', '2')).code).toBe(0);
    expect((await cli('drop', 'timeseries', '2')).code).toBe(0);
    const { rows } = await fixture.sql.query(
      `SELECT to_regclass('chronicle_read.timeseries_v2_points') AS points,
              to_regclass('chronicle_read.timeseries_v2_build_events') AS working,
              (SELECT count(*)::int FROM chronicle_read.projections WHERE version = 2) AS versions`,
    );
    expect(rows).toEqual([{ points: null, working: null, versions: 0 }]);
    expect((await cli('drop', 'timeseries', '1')).code).toBe(1); // the serving version is never dropped
    expect((await cli('rebuild')).code).toBe(2);
    const retention = await cli('retention', '7', '30', '90');
    expect(retention).toMatchObject({ code: 0 });
    expect(retention.out).toContain('deleted');
    expect((await cli('retention', '30', '7', '90')).code).not.toBe(0);
    const rebuilt = await cli('rebuild-tenant', 'timeseries', 'ops');
    expect(rebuilt).toMatchObject({ code: 0 });
    expect(rebuilt.out).toContain('tenant ops rebuilt from 1 events');

    // A rebuild at run time, as ops start one: requested, built beside the serving copy, watched to the end.
    const requested = await cli('rebuild', 'timeseries');
    expect(requested).toMatchObject({ code: 0 });
    expect(requested.out).toContain('timeseries v1 generation 2 requested');
    expect((await cli('watch', 'timeseries', '1', '2')).code).toBe(0);
    expect((await cli('status')).out).toMatch(/'timeseries v1 generation 2'\s*│\s*'live'/);
    expect((await cli('rebuild-tenant', 'timeseries', 'ops')).out).toContain('timeseries v1 generation 2:');
    const unknown = await cli('rebuild', 'nothing');
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.out).toContain('no projection named nothing (projections: timeseries)');
    const nothingToCancel = await cli('cancel', 'timeseries');
    expect(nothingToCancel).toMatchObject({ code: 1 });
    expect(nothingToCancel.out).toContain('no build of timeseries is under way');
    // The copy it replaced is retired, kept until dropped.
    expect((await cli('drop', 'timeseries', '1', '1')).code).toBe(0);
    expect((await cli('drop', 'timeseries', '1', '2')).code).toBe(1);
  });
});
