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
