import type pg from 'pg';

export interface ReadModelAudit {
  /** Points and minute/hour/day buckets the log implies, and how many of each differ in the read model. */
  expectedPoints: number;
  actualPoints: number;
  pointsDiffering: number;
  expectedBuckets: number;
  bucketsDiffering: number;
}

/**
 * Recomputes the time series from the event store alone, in SQL (the last write per timestamp wins, in
 * log order), and compares it with the read model: every point, every bucket of every resolution (count,
 * min, max, first and last exactly; sum up to rounding).
 */
export async function auditReadModel(
  sql: pg.Pool | pg.Client,
  prefix = 'timeseries_v1',
): Promise<ReadModelAudit> {
  const { rows } = await sql.query<ReadModelAudit>(`
    WITH written AS (
      SELECT e.tenant_id, e.data->>'sourceId' AS source_id, (p->>'t')::bigint AS ts, (p->>'v')::float8 AS value,
             e.transaction_id, e.global_position, n
        FROM chronicle.events e,
             jsonb_array_elements(e.data->'points') WITH ORDINALITY AS x(p, n)
       WHERE e.event_type IN ('MeasurementsRecorded', 'MeasurementsCorrected')
    ), expected AS (
      SELECT DISTINCT ON (tenant_id, source_id, ts) tenant_id, source_id, ts, value
        FROM written ORDER BY tenant_id, source_id, ts, transaction_id DESC, global_position DESC, n DESC
    ), expected_buckets AS (
      SELECT tenant_id, source_id, resolution, ts - ts % resolution AS bucket, count(*) AS count, sum(value) AS sum,
             min(value) AS min, max(value) AS max,
             (array_agg(value ORDER BY ts))[1] AS first_value, (array_agg(value ORDER BY ts DESC))[1] AS last_value
        FROM expected, unnest(ARRAY[60000, 3600000, 86400000]) AS resolution
       GROUP BY tenant_id, source_id, resolution, ts - ts % resolution
    )
    SELECT (SELECT count(*) FROM expected)::int AS "expectedPoints",
           (SELECT count(*) FROM chronicle_read.${prefix}_points)::int AS "actualPoints",
           (SELECT count(*) FROM expected e
              FULL JOIN chronicle_read.${prefix}_points p USING (tenant_id, source_id, ts)
             WHERE e.value IS DISTINCT FROM p.value)::int AS "pointsDiffering",
           (SELECT count(*) FROM expected_buckets)::int AS "expectedBuckets",
           (SELECT count(*) FROM expected_buckets e
              FULL JOIN chronicle_read.${prefix}_rollups r USING (tenant_id, source_id, resolution, bucket)
             WHERE e.count IS DISTINCT FROM r.count OR e.min IS DISTINCT FROM r.min OR e.max IS DISTINCT FROM r.max
                OR e.first_value IS DISTINCT FROM r.first_value OR e.last_value IS DISTINCT FROM r.last_value
                OR abs(e.sum - r.sum) > 1e-6 * greatest(1, abs(e.sum)))::int AS "bucketsDiffering"`);
  return rows[0]!;
}

/**
 * How many points and buckets two versions' tables disagree on (sums up to rounding), for one tenant or
 * all: a version built in bulk against one that applied the same log batch by batch.
 */
export async function diffVersions(
  sql: pg.Pool | pg.Client,
  prefixes: [string, string],
  tenant?: string,
): Promise<{ points: number; pointsDiffering: number; bucketsDiffering: number }> {
  const [a, b] = prefixes.map((prefix) => `chronicle_read.${prefix}`);
  const { rows } = await sql.query<{ points: number; pointsDiffering: number; bucketsDiffering: number }>(
    `WITH pa AS (SELECT * FROM ${a}_points WHERE $1::text IS NULL OR tenant_id = $1),
          pb AS (SELECT * FROM ${b}_points WHERE $1::text IS NULL OR tenant_id = $1),
          ra AS (SELECT * FROM ${a}_rollups WHERE $1::text IS NULL OR tenant_id = $1),
          rb AS (SELECT * FROM ${b}_rollups WHERE $1::text IS NULL OR tenant_id = $1)
     SELECT (SELECT count(*) FROM pa)::int AS points,
            (SELECT count(*) FROM pa FULL JOIN pb USING (tenant_id, source_id, ts)
              WHERE pa.value IS DISTINCT FROM pb.value OR pa.position IS DISTINCT FROM pb.position)::int
              AS "pointsDiffering",
            (SELECT count(*) FROM ra FULL JOIN rb USING (tenant_id, source_id, resolution, bucket)
              WHERE ra.count IS DISTINCT FROM rb.count OR ra.min IS DISTINCT FROM rb.min
                 OR ra.max IS DISTINCT FROM rb.max OR ra.first_ts IS DISTINCT FROM rb.first_ts
                 OR ra.first_value IS DISTINCT FROM rb.first_value OR ra.last_ts IS DISTINCT FROM rb.last_ts
                 OR ra.last_value IS DISTINCT FROM rb.last_value
                 OR abs(ra.sum - rb.sum) > 1e-6 * greatest(1, abs(ra.sum)))::int AS "bucketsDiffering"`,
    [tenant ?? null],
  );
  return rows[0]!;
}
