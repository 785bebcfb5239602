import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProjectionRunner, type ProjectionRunner } from '../runner/projection-runner.js';
import { bruteForce, type Rollup } from '../test-support/brute-force-rollups.js';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { timeseriesProjection } from './timeseries-projection.js';

const fixture = useProjectorDatabase();
const T0 = Date.UTC(2026, 0, 1);

describe('the time-series projection', () => {
  let runner: ProjectionRunner;
  beforeAll(() => {
    runner = startProjectionRunner({
      connectionString: fixture.database.url,
      projections: [timeseriesProjection],
      store: fixture.store,
      batchSize: 7,
      pollIntervalMs: 50,
    });
  });
  afterAll(() => runner?.stop());

  async function rollups(tenant: string): Promise<Rollup[]> {
    const { rows } = await fixture.sql.query(
      `SELECT tenant_id, source_id, resolution, bucket::float8 AS bucket, count::int AS count, sum, min, max,
              first_ts::float8 AS first_ts, first_value, last_ts::float8 AS last_ts, last_value
         FROM chronicle_read.rollups WHERE tenant_id = $1 ORDER BY source_id, resolution, bucket`,
      [tenant],
    );
    return rows as Rollup[];
  }

  it('keeps raw points and 1-minute, 1-hour and 1-day rollups of recorded measurements', async () => {
    await fixture.record('ts-acme', 'meter-1', [
      { t: T0 + 1_000, v: 1 },
      { t: T0 + 2_000, v: 3 },
      { t: T0 + 61_000, v: 5 },
    ]);
    await runner.caughtUp();
    const { rows: points } = await fixture.sql.query(
      `SELECT ts::float8 AS ts, value FROM chronicle_read.points WHERE tenant_id = 'ts-acme' ORDER BY ts`,
    );
    expect(points).toEqual([
      { ts: T0 + 1_000, value: 1 },
      { ts: T0 + 2_000, value: 3 },
      { ts: T0 + 61_000, value: 5 },
    ]);
    const all = await rollups('ts-acme');
    expect(all.filter((rollup) => rollup.resolution === 60_000)).toEqual([
      expect.objectContaining({
        bucket: T0,
        count: 2,
        sum: 4,
        min: 1,
        max: 3,
        first_value: 1,
        last_value: 3,
      }),
      expect.objectContaining({ bucket: T0 + 60_000, count: 1, sum: 5, first_value: 5, last_value: 5 }),
    ]);
    expect(all.filter((rollup) => rollup.resolution !== 60_000)).toEqual([
      expect.objectContaining({ resolution: 3_600_000, bucket: T0, count: 3, sum: 9, min: 1, max: 5 }),
      expect.objectContaining({ resolution: 86_400_000, bucket: T0, count: 3, sum: 9, min: 1, max: 5 }),
    ]);
  });

  it('applies a late point and a correction to the right buckets, exactly', async () => {
    await fixture.record('ts-late', 'meter-1', [{ t: T0 + 3_600_000 + 5, v: 10 }]);
    await fixture.record('ts-late', 'meter-1', [{ t: T0 + 5, v: 2 }]); // late: an hour earlier
    await fixture.correct('ts-late', 'meter-1', [{ t: T0 + 3_600_000 + 5, v: 7 }]);
    await runner.caughtUp();
    const day = (await rollups('ts-late')).find((rollup) => rollup.resolution === 86_400_000);
    expect(day).toMatchObject({ count: 2, sum: 9, min: 2, max: 7, first_value: 2, last_value: 7 });
  });

  it('matches a brute-force recomputation for random late, duplicate and corrected points (property)', async () => {
    let round = 0;
    const pointArb = fc.record({
      t: fc.integer({ min: 0, max: 3 * 86_400_000 }).map((offset) => T0 + offset - (offset % 500)),
      v: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    });
    const writeArb = fc.record({
      sourceId: fc.constantFrom('a', 'b'),
      correction: fc.boolean(),
      points: fc.array(pointArb, { minLength: 1, maxLength: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { minLength: 1, maxLength: 15 }), async (writes) => {
        const tenant = `prop-${round++}`;
        for (const write of writes) {
          if (write.correction) await fixture.correct(tenant, write.sourceId, write.points);
          else await fixture.record(tenant, write.sourceId, write.points);
        }
        await runner.caughtUp();
        const expected = bruteForce(writes.map((write) => ({ tenant, ...write })));
        const { rows } = await fixture.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM chronicle_read.points WHERE tenant_id = $1`,
          [tenant],
        );
        expect(rows[0]!.n).toBe(expected.points.size);
        const actual = await rollups(tenant);
        const order = (a: Rollup, b: Rollup) =>
          a.source_id.localeCompare(b.source_id) || a.resolution - b.resolution || a.bucket - b.bucket;
        const wanted = expected.rollups.sort(order);
        expect(actual.map(({ sum: _sum, ...rest }) => rest)).toEqual(
          wanted.map(({ sum: _sum, ...rest }) => rest),
        );
        // Sums add the same values in another order: equal up to floating-point rounding.
        actual.forEach((rollup, index) => expect(rollup.sum).toBeCloseTo(wanted[index]!.sum, 3));
      }),
      { numRuns: 25 },
    );
  });
});
