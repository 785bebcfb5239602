import type pg from 'pg';

/**
 * How many raw points a source has in [from, to), counting no further than `limit`: enough to tell whether a
 * chart of raw points fits its budget without reading a dense source's points into memory.
 */
export async function countRawPoints(
  client: pg.ClientBase,
  query: { tenant: string; sourceId: string; from: number; to: number; limit: number },
): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM chronicle_read.points
        WHERE tenant_id = $1 AND source_id = $2 AND ts >= $3 AND ts < $4
        LIMIT $5) AS bounded`,
    [query.tenant, query.sourceId, query.from, query.to, query.limit],
  );
  return rows[0]!.n;
}
