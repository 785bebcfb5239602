import type pg from 'pg';
import { logRangeBounds, type LogRange } from '@chronicle/eventstore';
import type { Projection, ReadModelChange } from '../runner/projection.js';
import { sqlFile } from '../runner/sql-file.js';
import { DAY, HOUR, MINUTE, RAW_HORIZON } from './resolutions.js';
import { createTimeseriesBulkBuild } from './timeseries-bulk-build.js';
import { timeseriesTables, type TimeseriesTables } from './timeseries-tables.js';

export { DAY, HOUR, MINUTE };

/**
 * Raw points of the range's measurement events, one row per (tenant, source, timestamp): within the range
 * the last write in log order wins, as it does across ranges through the upsert.
 */
const upsertPoints = ({ points }: TimeseriesTables) => `
  -- Materialized so each event's source id is read once: taken per point, the whole (TOASTed) document
  -- would be decompressed again for every point of it.
  WITH batch AS MATERIALIZED (
    SELECT tenant_id, data->>'sourceId' AS source_id, data->'points' AS points, transaction_id, global_position
      FROM chronicle.events
     WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
       AND (transaction_id, global_position) <= ($3::text::xid8, $4::bigint)
       AND event_type IN ('MeasurementsRecorded', 'MeasurementsCorrected')
       AND ($5::text IS NULL OR tenant_id = $5)
  ), written AS (
    SELECT e.tenant_id, e.source_id, (p->>'t')::bigint AS ts, (p->>'v')::float8 AS value,
           e.global_position AS position, e.transaction_id, n
      FROM batch e
      CROSS JOIN LATERAL jsonb_array_elements(e.points) WITH ORDINALITY AS x(p, n)
  ), latest AS (
    SELECT DISTINCT ON (tenant_id, source_id, ts) tenant_id, source_id, ts, value, position
      FROM written
     -- behind the raw retention horizon a point has no bucket to go to (see retention.ts)
     WHERE ts >= ${RAW_HORIZON}
     ORDER BY tenant_id, source_id, ts, transaction_id DESC, position DESC, n DESC
  ), upserted AS (
    INSERT INTO ${points} AS point (tenant_id, source_id, ts, value, position)
    SELECT tenant_id, source_id, ts, value, position FROM latest
    ON CONFLICT (tenant_id, source_id, ts) DO UPDATE SET value = excluded.value, position = excluded.position
  )
  -- The minutes touched (the upsert runs whatever reads it; hashing the batch's rows beats sorting them).
  SELECT tenant_id, source_id, ts - ts % ${MINUTE} AS minute, min(ts)::float8 AS first_ts, max(ts)::float8 AS last_ts
    FROM latest
   GROUP BY tenant_id, source_id, ts - ts % ${MINUTE}
   ORDER BY tenant_id, source_id, minute`;

/**
 * Minute buckets from the raw points in them, bucket by bucket through the key (a lateral subquery: over
 * partitioned points, a plain join let the planner hash the whole table once it had statistics).
 */
const recomputeMinutes = ({ points, rollups }: TimeseriesTables) => `
  INSERT INTO ${rollups} (tenant_id, source_id, resolution, bucket, count, sum, min, max,
                          first_ts, first_value, last_ts, last_value)
  SELECT t.tenant_id, t.source_id, ${MINUTE}, t.bucket, m.count, m.sum, m.min, m.max,
         m.first_ts, m.first_value, m.last_ts, m.last_value
    FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(tenant_id, source_id, bucket)
   CROSS JOIN LATERAL (
     SELECT count(*) AS count, sum(p.value) AS sum, min(p.value) AS min, max(p.value) AS max,
            min(p.ts) AS first_ts, (array_agg(p.value ORDER BY p.ts))[1] AS first_value,
            max(p.ts) AS last_ts, (array_agg(p.value ORDER BY p.ts DESC))[1] AS last_value
       FROM ${points} p
      WHERE p.tenant_id = t.tenant_id AND p.source_id = t.source_id
        AND p.ts >= t.bucket AND p.ts < t.bucket + ${MINUTE}) AS m
   -- (a bucket's points are never all gone: it was named by a point just written)
   WHERE m.count > 0
  ON CONFLICT (tenant_id, source_id, resolution, bucket) DO UPDATE
     SET count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
         first_ts = excluded.first_ts, first_value = excluded.first_value,
         last_ts = excluded.last_ts, last_value = excluded.last_value`;

/** A coarser level's buckets merged from the finer level's partials in them. */
const recomputeFrom = ({ rollups }: TimeseriesTables, finer: number, coarser: number) => `
  INSERT INTO ${rollups} (tenant_id, source_id, resolution, bucket, count, sum, min, max,
                          first_ts, first_value, last_ts, last_value)
  SELECT t.tenant_id, t.source_id, ${coarser}, t.bucket, sum(r.count), sum(r.sum), min(r.min), max(r.max),
         min(r.first_ts), (array_agg(r.first_value ORDER BY r.first_ts))[1],
         max(r.last_ts), (array_agg(r.last_value ORDER BY r.last_ts DESC))[1]
    FROM (SELECT DISTINCT tenant_id, source_id, bucket - bucket % ${coarser} AS bucket
            FROM unnest($1::text[], $2::text[], $3::bigint[]) AS f(tenant_id, source_id, bucket)) AS t
    JOIN ${rollups} r ON r.tenant_id = t.tenant_id AND r.source_id = t.source_id AND r.resolution = ${finer}
                     AND r.bucket >= t.bucket AND r.bucket < t.bucket + ${coarser}
   GROUP BY t.tenant_id, t.source_id, t.bucket
  ON CONFLICT (tenant_id, source_id, resolution, bucket) DO UPDATE
     SET count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
         first_ts = excluded.first_ts, first_value = excluded.first_value,
         last_ts = excluded.last_ts, last_value = excluded.last_value`;

export interface TimeseriesOptions {
  /** Points per unit of a bulk build (timeseries-bulk-build.ts); smaller units make more transactions. */
  pointsPerUnit?: number;
}

/**
 * The per-tenant time series, raw points and their rollups, as projection version `version` (its own
 * tables, `timeseries_v<version>_*`). A new version with new rules builds beside the serving one, in bulk.
 */
export function createTimeseriesProjection(version: number, options: TimeseriesOptions = {}): Projection {
  const prefix = `timeseries_v${version}`;
  const tables = timeseriesTables(prefix);
  const schema = sqlFile('timeseries.sql').replaceAll('{{prefix}}', prefix);
  const statements = {
    upsertPoints: upsertPoints(tables),
    recomputeMinutes: recomputeMinutes(tables),
    recomputeHours: recomputeFrom(tables, MINUTE, HOUR),
    recomputeDays: recomputeFrom(tables, HOUR, DAY),
  };
  return {
    name: 'timeseries',
    version,
    eventTypes: ['MeasurementsRecorded', 'MeasurementsCorrected'],
    schema,
    views: { points: `${prefix}_points`, rollups: `${prefix}_rollups` },
    tables: ['points', 'rollups', 'build_events', 'build_keys', 'build_units'].map(
      (name) => `${prefix}_${name}`,
    ),
    bulkBuild: createTimeseriesBulkBuild(tables, schema, options.pointsPerUnit),
    async apply(client: pg.ClientBase, range: LogRange): Promise<ReadModelChange[]> {
      const { rows } = await client.query<{
        tenant_id: string;
        source_id: string;
        minute: string;
        first_ts: number;
        last_ts: number;
      }>(statements.upsertPoints, logRangeBounds(range));
      if (rows.length === 0) return [];
      const tenants = rows.map((row) => row.tenant_id);
      const sources = rows.map((row) => row.source_id);
      const minutes = rows.map((row) => row.minute);
      const buckets = [tenants, sources, minutes];
      await client.query(statements.recomputeMinutes, buckets);
      await client.query(statements.recomputeHours, buckets);
      await client.query(statements.recomputeDays, buckets);
      return changesByTenant(rows);
    },
  };
}

/** The serving version. */
export const timeseriesProjection = createTimeseriesProjection(1);

function changesByTenant(
  rows: readonly { tenant_id: string; source_id: string; first_ts: number; last_ts: number }[],
): ReadModelChange[] {
  const byTenant = new Map<string, { sources: Set<string>; from: number; to: number }>();
  for (const row of rows) {
    const change = byTenant.get(row.tenant_id) ?? { sources: new Set(), from: row.first_ts, to: row.last_ts };
    change.sources.add(row.source_id);
    change.from = Math.min(change.from, row.first_ts);
    change.to = Math.max(change.to, row.last_ts);
    byTenant.set(row.tenant_id, change);
  }
  return [...byTenant].map(([tenant, { sources, from, to }]) => ({
    tenant,
    sourceIds: [...sources],
    from,
    to,
  }));
}
