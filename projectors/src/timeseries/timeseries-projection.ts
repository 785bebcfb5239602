import type pg from 'pg';
import { logRangeBounds, type LogRange } from '@chronicle/eventstore';
import type { Projection, ReadModelChange } from '../runner/projection.js';
import { sqlFile } from '../runner/sql-file.js';
import { tablePrefix } from '../runner/table-prefix.js';
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
  /** Which build of the version (1 unless a runtime rebuild made another): its tables are its own. */
  generation?: number;
}

/**
 * The per-tenant time series, raw points and their rollups, as projection version `version` (its own
 * tables, `timeseries_v<version>_*`, or `…_g<n>_*` for a rebuild). A new version with new rules, or a
 * fresh copy of the serving one, builds beside it, in bulk.
 */
export function createTimeseriesProjection(version: number, options: TimeseriesOptions = {}): Projection {
  const generation = options.generation ?? 1;
  const prefix = tablePrefix('timeseries', version, generation);
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
    generation,
    ofGeneration: (next) => createTimeseriesProjection(version, { ...options, generation: next }),
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
      return changesBySpan(rows);
    },
  };
}

/** The serving version. */
export const timeseriesProjection = createTimeseriesProjection(1);

/**
 * The batch's changes, one per span of time: each source with the span its own points touched, sources
 * with the same span together (a producer's batch covers its sources over the same seconds). Never one
 * span per tenant: a subscriber of one source would be sent again every point of its that falls inside
 * another source's span.
 */
function changesBySpan(
  rows: readonly { tenant_id: string; source_id: string; first_ts: number; last_ts: number }[],
): ReadModelChange[] {
  const spans = new Map<string, { tenant: string; sourceId: string; from: number; to: number }>();
  for (const row of rows) {
    const key = `${row.tenant_id}\u0000${row.source_id}`;
    const span = spans.get(key);
    if (span) {
      span.from = Math.min(span.from, row.first_ts);
      span.to = Math.max(span.to, row.last_ts);
    } else {
      spans.set(key, { tenant: row.tenant_id, sourceId: row.source_id, from: row.first_ts, to: row.last_ts });
    }
  }
  const changes = new Map<string, ReadModelChange>();
  for (const { tenant, sourceId, from, to } of spans.values()) {
    const key = `${tenant}\u0000${from}\u0000${to}`;
    const change = changes.get(key);
    if (change) change.sourceIds.push(sourceId);
    else changes.set(key, { tenant, sourceIds: [sourceId], from, to });
  }
  return [...changes.values()];
}
