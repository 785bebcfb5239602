import type pg from 'pg';
import { DAY, HOUR, MINUTE } from './resolutions.js';

export type Resolution = 'raw' | '1m' | '1h' | '1d';
const WIDTHS: Record<Exclude<Resolution, 'raw'>, number> = { '1m': MINUTE, '1h': HOUR, '1d': DAY };

export interface SeriesPoint {
  /** Bucket start (or the point's time), epoch ms. */
  t: number;
  count: number;
  min: number;
  max: number;
  avg: number;
  first: number;
  last: number;
}

/**
 * The resolution a chart of [from, to) with at most `maxPoints` values needs: raw points when the range holds
 * no more than that (1 Hz sources), else the finest rollup whose bucket count fits the budget.
 */
export function chooseResolution(from: number, to: number, maxPoints: number): Resolution {
  const span = Math.max(1, to - from);
  if (span <= maxPoints * 1000) return 'raw';
  if (span / MINUTE <= maxPoints) return '1m';
  if (span / HOUR <= maxPoints) return '1h';
  return '1d';
}

/**
 * A source's series over [from, to) at a resolution, from the stable views (so it reads the serving
 * version, under the caller's row-level security). Rollups are written in the same transaction as the raw
 * points, so the newest bucket already holds the newest point: no raw tail needs joining.
 */
export async function readSeries(
  client: pg.ClientBase,
  query: { tenant: string; sourceId: string; from: number; to: number; resolution: Resolution },
): Promise<SeriesPoint[]> {
  const { tenant, sourceId, from, to, resolution } = query;
  if (resolution === 'raw') {
    const { rows } = await client.query<{ t: number; v: number }>(
      `SELECT ts::float8 AS t, value AS v FROM chronicle_read.points
        WHERE tenant_id = $1 AND source_id = $2 AND ts >= $3 AND ts < $4 ORDER BY ts`,
      [tenant, sourceId, from, to],
    );
    return rows.map(({ t, v }) => ({ t, count: 1, min: v, max: v, avg: v, first: v, last: v }));
  }
  const width = WIDTHS[resolution];
  const { rows } = await client.query<SeriesPoint>(
    `SELECT bucket::float8 AS t, count::int AS count, min, max, sum / count AS avg,
            first_value AS first, last_value AS last
       FROM chronicle_read.rollups
      WHERE tenant_id = $1 AND source_id = $2 AND resolution = $3 AND bucket >= $4 AND bucket < $5
      ORDER BY bucket`,
    [tenant, sourceId, width, from - (from % width), to],
  );
  return rows;
}
