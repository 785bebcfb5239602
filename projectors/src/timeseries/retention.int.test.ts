import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProjectionRunner, type ProjectionRunner } from '../runner/projection-runner.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { applyRetention } from './retention.js';
import { DAY, timeseriesProjection } from './timeseries-projection.js';

const fixture = useProjectorDatabase();
const NOW = Date.UTC(2026, 6, 20, 12);
const daysAgo = (days: number) => NOW - days * DAY;

describe('retention', () => {
  let runner: ProjectionRunner;
  let projector: pg.Pool;
  beforeAll(async () => {
    runner = startProjectionRunner({
      connectionString: fixture.database.url,
      projections: [timeseriesProjection],
      store: fixture.store,
      pollIntervalMs: 50,
    });
    projector = new pg.Pool({
      connectionString: fixture.database.url,
      options: '-c role=chronicle_projector',
    });
  });
  afterAll(async () => {
    await runner?.stop();
    await projector?.end();
  });

  const count = async (sql: string) => Number((await fixture.sql.query(sql)).rows[0].n);

  it('deletes each level behind its horizon, keeps the rest, and the projection then ignores points behind it', async () => {
    await fixture.record('keep', 'meter-1', [
      { t: daysAgo(100), v: 1 },
      { t: daysAgo(40), v: 2 },
      { t: daysAgo(10), v: 3 },
      { t: daysAgo(1), v: 4 },
    ]);
    await runner.caughtUp();
    const outcome = await applyRetention(projector, { rawDays: 7, minuteDays: 30, hourDays: 90 }, NOW);
    expect(outcome).toEqual({ points: 3, minuteRollups: 2, hourRollups: 1 });
    expect(await count(`SELECT count(*) AS n FROM chronicle_read.points`)).toBe(1);
    const { rows } = await fixture.sql.query(
      `SELECT resolution, count(*)::int AS n FROM chronicle_read.rollups GROUP BY resolution ORDER BY resolution`,
    );
    expect(rows).toEqual([
      { resolution: 60_000, n: 2 },
      { resolution: 3_600_000, n: 3 },
      { resolution: 86_400_000, n: 4 },
    ]);

    // A late point behind the raw horizon changes nothing; one inside it is applied.
    const dayBefore = await fixture.sql.query(
      `SELECT count, sum FROM chronicle_read.rollups WHERE resolution = 86400000 AND bucket = $1`,
      [daysAgo(10) - (daysAgo(10) % DAY)],
    );
    await fixture.record('keep', 'meter-1', [
      { t: daysAgo(10) + 1, v: 100 },
      { t: daysAgo(1) + 1, v: 5 },
    ]);
    await runner.caughtUp();
    expect(await count(`SELECT count(*) AS n FROM chronicle_read.points`)).toBe(2);
    const dayAfter = await fixture.sql.query(
      `SELECT count, sum FROM chronicle_read.rollups WHERE resolution = 86400000 AND bucket = $1`,
      [daysAgo(10) - (daysAgo(10) % DAY)],
    );
    expect(dayAfter.rows).toEqual(dayBefore.rows);
  });

  it('refuses a policy that keeps rollups shorter than what they are made of', async () => {
    await expect(applyRetention(projector, { rawDays: 30, minuteDays: 7, hourDays: 90 })).rejects.toThrow(
      'rawDays <= minuteDays <= hourDays',
    );
  });
});
