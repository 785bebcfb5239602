import type pg from 'pg';
import type { SeriesPoint } from '@chronicle/projectors';

export interface ChangedPoint extends SeriesPoint {
  sourceId: string;
  /** The source's owner now, so each subscriber's ownership is checked against the current catalogue. */
  owner: string;
  /** 0 for raw points, else the rollup width in ms. */
  resolution: number;
}

/**
 * Everything a change touched for the sources anyone in this process watches, at every resolution anyone
 * watches, in one statement per change and tenant (never one per subscriber): raw points with times in
 * [from, to] and the buckets that hold them. At most `limit` rows.
 */
export async function readChangedPoints(
  client: pg.ClientBase,
  query: {
    tenant: string;
    sourceIds: readonly string[];
    resolutions: readonly number[];
    from: number;
    to: number;
    limit: number;
  },
): Promise<ChangedPoint[]> {
  const { rows } = await client.query<ChangedPoint>(
    `WITH watched AS (
       SELECT source_id, owner_subject
         FROM chronicle_read.sources
        WHERE tenant_id = $1 AND source_id = ANY($2::text[])
     )
     SELECT w.source_id AS "sourceId", w.owner_subject AS owner, 0 AS resolution, p.ts::float8 AS t,
            1 AS count, p.value AS min, p.value AS max, p.value AS avg, p.value AS first, p.value AS last
       FROM watched w
       JOIN chronicle_read.points p
         ON p.tenant_id = $1 AND p.source_id = w.source_id AND p.ts BETWEEN $4 AND $5
      WHERE 0 = ANY($3::int[])
     UNION ALL
     SELECT w.source_id, w.owner_subject, r.resolution, r.bucket::float8, r.count::int, r.min, r.max,
            r.sum / r.count, r.first_value, r.last_value
       FROM watched w
       JOIN chronicle_read.rollups r
         ON r.tenant_id = $1 AND r.source_id = w.source_id AND r.resolution = ANY($3::int[])
        AND r.bucket BETWEEN $4 - $4 % r.resolution AND $5
     LIMIT $6`,
    [query.tenant, query.sourceIds, query.resolutions, query.from, query.to, query.limit],
  );
  return rows;
}
