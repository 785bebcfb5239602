import { escapeLiteral } from 'pg';
import { logRangeBounds, type LogRange } from '@chronicle/eventstore';
import type { BulkBuild } from '../runner/projection.js';
import { sqlFile } from '../runner/sql-file.js';
import { DAY, HOUR, MINUTE } from './resolutions.js';
import type { TimeseriesTables } from './timeseries-tables.js';

/**
 * Points per unit of the build, by default. A unit is one transaction, and an open writer holds back the
 * log's visibility horizon for every reader of the log (the serving version included): a few seconds'
 * work at most. Past MAX_UNITS units (partitions) they grow instead.
 */
export const POINTS_PER_UNIT = 1_000_000;
const MAX_UNITS = 256;

/** The partition of the points a unit fills: the unit's range of (tenant, source). */
const partitionOf = ({ prefix }: TimeseriesTables, unit: number) =>
  `chronicle_read.${prefix}_points_p${unit}`;

/** One row per measurement event of the range; two reads of each (TOASTed) document, not one per field. */
const appendEvents = ({ events }: TimeseriesTables) => `
  INSERT INTO ${events} (tenant_id, source_id, transaction_id, global_position, points, first_ts, last_ts)
  SELECT tenant_id, source_id, transaction_id, global_position, jsonb_array_length(points),
         (points->0->>'t')::bigint, (points->-1->>'t')::bigint
    FROM (SELECT tenant_id, data->>'sourceId' AS source_id, data->'points' AS points,
                 transaction_id, global_position
            FROM chronicle.events
           WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
             AND (transaction_id, global_position) <= ($3::text::xid8, $4::bigint)
             AND event_type IN ('MeasurementsRecorded', 'MeasurementsCorrected')
             AND ($5::text IS NULL OR tenant_id = $5)
          OFFSET 0) AS e`;

/**
 * Each source once: its points, whether it is clean (no two of its events overlap between their first and
 * last point, so it has no timestamp written twice unless within one event), and its unit: sources in
 * order, cut into units of about equal points (a source is never split).
 */
const planKeys = ({ events, keys }: TimeseriesTables, pointsPerUnit: number) => `
  CREATE TABLE ${keys} AS
  WITH per_source AS (
    SELECT tenant_id, source_id, sum(points)::bigint AS points,
           NOT coalesce(bool_or(lo <= reach), false) AS clean
      FROM (SELECT tenant_id, source_id, points, least(first_ts, last_ts) AS lo,
                   max(greatest(first_ts, last_ts)) OVER (
                     PARTITION BY tenant_id, source_id ORDER BY least(first_ts, last_ts)
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
              FROM ${events}) AS e
     GROUP BY tenant_id, source_id
  ), placed AS (
    SELECT *, coalesce(sum(points) OVER (ORDER BY tenant_id, source_id
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
           greatest(sum(points) OVER (), 1) AS total
      FROM per_source
  )
  SELECT tenant_id, source_id, points, clean,
         (dense_rank() OVER (ORDER BY floor(before * least(${MAX_UNITS}, greatest(2, ceil(total / ${pointsPerUnit}.0)))
                                            / total)) - 1)::integer AS unit
    FROM placed`;

/** Each unit once, with the first source of its range (the partition's lower bound). */
const planUnits = ({ keys, units }: TimeseriesTables) => `
  CREATE TABLE ${units} AS
  SELECT DISTINCT ON (unit) unit, tenant_id AS from_tenant, source_id AS from_source,
         sum(points) OVER (PARTITION BY unit) AS points, false AS built
    FROM ${keys}
   ORDER BY unit, tenant_id, source_id`;

/**
 * A unit's points into its partition, sources in order and each source's points in time order, so the
 * primary key is then built from presorted rows. A clean source's events are taken as they are, in the
 * order of their spans; any other source keeps the last write per timestamp in log order (transaction,
 * position, point index), as `apply` does. `$2` false takes every source the second way; `$3` is the raw
 * retention horizon, if any (without one there is no filter, which would read each point's time twice).
 */
const fillUnit = (tables: TimeseriesTables, unit: number, horizon: boolean) => `
  INSERT INTO ${partitionOf(tables, unit)} (tenant_id, source_id, ts, value, position)
  SELECT k.tenant_id, k.source_id, p.ts, p.value, p.position
    FROM (SELECT tenant_id, source_id, clean AND $2::boolean AS clean FROM ${tables.keys}
           WHERE unit = $1 ORDER BY tenant_id, source_id) AS k
   CROSS JOIN LATERAL (
     SELECT (x->>'t')::bigint AS ts, (x->>'v')::float8 AS value, b.global_position AS position
       FROM (SELECT transaction_id, global_position FROM ${tables.events} b
              WHERE k.clean AND b.tenant_id = k.tenant_id AND b.source_id = k.source_id
              ORDER BY least(b.first_ts, b.last_ts)) AS b
       JOIN chronicle.events e
         ON e.transaction_id = b.transaction_id AND e.global_position = b.global_position
      CROSS JOIN LATERAL jsonb_array_elements(e.data->'points') AS x
     UNION ALL
     (SELECT DISTINCT ON (ts) ts, value, position
        FROM (SELECT (x->>'t')::bigint AS ts, (x->>'v')::float8 AS value, b.global_position AS position,
                     b.transaction_id, n
                FROM (SELECT transaction_id, global_position FROM ${tables.events} b
                       WHERE NOT k.clean AND b.tenant_id = k.tenant_id AND b.source_id = k.source_id) AS b
                JOIN chronicle.events e
                  ON e.transaction_id = b.transaction_id AND e.global_position = b.global_position
               CROSS JOIN LATERAL jsonb_array_elements(e.data->'points') WITH ORDINALITY AS w(x, n)) AS written
       ORDER BY ts, transaction_id DESC, position DESC, n DESC)
   ) AS p
   -- behind the raw retention horizon a point has no bucket to go to (see retention.ts)
   ${horizon ? 'WHERE p.ts >= $3' : ''}`;

const ROLLUP_COLUMNS = `tenant_id, source_id, resolution, bucket, count, sum, min, max,
                        first_ts, first_value, last_ts, last_value`;

/**
 * The unit's rollups, every level at once: its sources are complete in it. Minutes by one pass over the
 * partition, hours from the minutes, days from the hours, as `apply` merges them. A minute's first and
 * last values come from the least and greatest [time, value] pair, far cheaper than ordered aggregates
 * over every point; exact while its times are float8 integers (|t| < 2^53, any time a JavaScript number
 * holds), else looked up by key.
 */
const rollUnit = (tables: TimeseriesTables, unit: number) => {
  const partition = partitionOf(tables, unit);
  const merge = (from: string, width: number) => `
    SELECT tenant_id, source_id, ${width}, bucket - bucket % ${width}, sum(count), sum(sum), min(min), max(max),
           min(first_ts), (array_agg(first_value ORDER BY first_ts))[1],
           max(last_ts), (array_agg(last_value ORDER BY last_ts DESC))[1]
      FROM ${from} GROUP BY tenant_id, source_id, bucket - bucket % ${width}
     ORDER BY tenant_id, source_id, bucket - bucket % ${width}`;
  return `
  WITH minutes AS (
    INSERT INTO ${tables.rollups} (${ROLLUP_COLUMNS})
    SELECT m.tenant_id, m.source_id, ${MINUTE}, m.bucket, m.count, m.sum, m.min, m.max,
           m.first_ts, CASE WHEN m.exact THEN m.first_value
                            ELSE (SELECT value FROM ${partition} p WHERE p.tenant_id = m.tenant_id
                                     AND p.source_id = m.source_id AND p.ts = m.first_ts) END,
           m.last_ts, CASE WHEN m.exact THEN m.last_value
                           ELSE (SELECT value FROM ${partition} p WHERE p.tenant_id = m.tenant_id
                                    AND p.source_id = m.source_id AND p.ts = m.last_ts) END
      FROM (SELECT tenant_id, source_id, ts - ts % ${MINUTE} AS bucket, count(*) AS count, sum(value) AS sum,
                   min(value) AS min, max(value) AS max, min(ts) AS first_ts, max(ts) AS last_ts,
                   (min(ARRAY[ts::float8, value]))[2] AS first_value,
                   (max(ARRAY[ts::float8, value]))[2] AS last_value,
                   min(ts) > -${2 ** 53} AND max(ts) < ${2 ** 53} AS exact
              FROM ${partition} GROUP BY tenant_id, source_id, ts - ts % ${MINUTE}) AS m
     -- in key order, so a chart's buckets lie on a few pages rather than one page each
     ORDER BY m.tenant_id, m.source_id, m.bucket
    RETURNING *
  ), hours AS (
    INSERT INTO ${tables.rollups} (${ROLLUP_COLUMNS}) ${merge('minutes', HOUR)}
    RETURNING *
  )
  INSERT INTO ${tables.rollups} (${ROLLUP_COLUMNS}) ${merge('hours', DAY)}`;
};

/**
 * The time series built in bulk (see `BulkBuild`): the replay notes each measurement event; the plan cuts
 * the sources into ranges of about a million points, one partition of the points each (the default
 * partition goes); each unit fills its partition in one statement, builds its primary key from presorted
 * rows and rolls its sources up; `finish` adds the parent's primary key, which takes the partitions'
 * keys as they are. A key that finds a timestamp written twice by a clean source sends the unit back
 * through the last-write-wins sort for all its sources: the hint never decides what is stored.
 */
export function createTimeseriesBulkBuild(
  tables: TimeseriesTables,
  schema: string,
  pointsPerUnit = POINTS_PER_UNIT,
): BulkBuild {
  const defaultPartition = `${tables.points}_default`;
  const parentKey = `${tables.prefix}_points_pkey`;
  const statements = {
    appendEvents: appendEvents(tables),
    planKeys: planKeys(tables, Math.max(1, Math.round(pointsPerUnit))),
    planUnits: planUnits(tables),
  };
  const stage: BulkBuild['stage'] = async (client) => {
    const { rows } = await client.query<{ replaying: boolean; planned: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AS replaying, to_regclass($2) IS NOT NULL AS planned`,
      [tables.events, tables.units],
    );
    const [row] = rows;
    return row?.planned ? 'units' : row?.replaying ? 'replaying' : 'off';
  };
  return {
    async start(client) {
      // No status row until now, so whatever the tables hold belongs to no checkpoint.
      await client.query(`TRUNCATE ${tables.points}, ${tables.rollups}`);
      await client.query(sqlFile('timeseries-build.sql').replaceAll('{{prefix}}', tables.prefix));
    },

    stage,

    async append(client, range: LogRange) {
      await client.query(statements.appendEvents, logRangeBounds(range));
    },

    async plan(client) {
      await client.query(`CREATE INDEX ON ${tables.events} (tenant_id, source_id)`);
      await client.query(statements.planKeys);
      await client.query(`CREATE INDEX ON ${tables.keys} (unit)`);
      await client.query(statements.planUnits);
      await client.query(`ALTER TABLE ${tables.units} ADD PRIMARY KEY (unit)`);
      // Ops read how far the units are (chronicle_read.bulk_units_progress) as chronicle_platform.
      await client.query(`GRANT SELECT ON ${tables.units} TO chronicle_platform`);
      const { rows: units } = await client.query<{ unit: number; from_tenant: string; from_source: string }>(
        `SELECT unit, from_tenant, from_source FROM ${tables.units} ORDER BY unit`,
      );
      // Nothing measured: the default partition and its key stay as they are.
      if (units.length === 0) return;
      // The parent's key would index every row as it comes: it is added at the end, from the partitions'.
      await client.query(`ALTER TABLE ${tables.points} DROP CONSTRAINT ${parentKey}`);
      await client.query(`DROP TABLE ${defaultPartition}`);
      // Unit n holds the sources from its first up to the next unit's first; the ends stay open.
      const firstOf = (unit: (typeof units)[number]) =>
        `${escapeLiteral(unit.from_tenant)}, ${escapeLiteral(unit.from_source)}`;
      for (const [index, unit] of units.entries()) {
        const next = units[index + 1];
        await client.query(
          `CREATE TABLE ${partitionOf(tables, unit.unit)} PARTITION OF ${tables.points}
             FOR VALUES FROM (${index === 0 ? 'MINVALUE, MINVALUE' : firstOf(unit)})
                          TO (${next ? firstOf(next) : 'MAXVALUE, MAXVALUE'})`,
        );
      }
    },

    async pendingUnits(client) {
      const { rows } = await client.query<{ unit: number }>(
        `SELECT unit FROM ${tables.units} WHERE NOT built ORDER BY points DESC, unit`,
      );
      return rows.map((row) => row.unit);
    },

    async buildUnit(client, unit) {
      const { rows } = await client.query<{ built: boolean }>(
        `SELECT built FROM ${tables.units} WHERE unit = $1 FOR UPDATE`,
        [unit],
      );
      if (rows[0]?.built !== false) return;
      // Sorts, hashes and the key build of a unit in memory, not temporary files. No parallel workers for
      // the key: its rows come presorted, which one process checks in a pass and workers would merge
      // again, and units already run side by side. No JIT: each statement runs once, and compiling it
      // costs more than it saves.
      await client.query(`SET LOCAL work_mem = '256MB'`);
      await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
      await client.query(`SET LOCAL max_parallel_maintenance_workers = 0`);
      await client.query(`SET LOCAL jit = off`);
      const partition = partitionOf(tables, unit);
      const { rows: horizons } = await client.query<{ before: string }>(
        `SELECT before::text FROM chronicle_read.retention_horizons WHERE resolution = 0`,
      );
      const horizon = horizons[0]?.before;
      const fill = fillUnit(tables, unit, horizon !== undefined);
      const values = (trustClean: boolean) => [unit, trustClean, ...(horizon === undefined ? [] : [horizon])];
      const addKey = `ALTER TABLE ${partition} ADD PRIMARY KEY (tenant_id, source_id, ts)`;
      await client.query('SAVEPOINT unit');
      try {
        await client.query(fill, values(true));
        await client.query(addKey);
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        // A clean source wrote a timestamp twice within one event: last write wins for all of them.
        await client.query('ROLLBACK TO SAVEPOINT unit');
        await client.query(`TRUNCATE ${partition}`);
        await client.query(fill, values(false));
        await client.query(addKey);
      }
      // (no ANALYZE: the key's build has counted the rows, all the tail's plans need; autovacuum does the rest)
      await client.query(rollUnit(tables, unit));
      await client.query(`UPDATE ${tables.units} SET built = true WHERE unit = $1`, [unit]);
    },

    async finish(client) {
      const { rows } = await client.query<{ keyed: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS keyed`, [
        `chronicle_read.${parentKey}`,
      ]);
      // Takes each partition's primary key as its own: nothing is scanned or sorted again.
      if (!rows[0]?.keyed) {
        await client.query(`ALTER TABLE ${tables.points} ADD PRIMARY KEY (tenant_id, source_id, ts)`);
      }
      await client.query(`DROP TABLE ${tables.events}, ${tables.keys}, ${tables.units}`);
    },

    async progress(client) {
      // (no row once the finish has dropped the table, even between the two reads)
      const { rows } = await client.query<{
        built: number;
        units: number;
        points_built: string;
        points: string;
      }>(
        `SELECT built, units, points_built::text, points::text FROM chronicle_read.bulk_units_progress($1)`,
        [tables.units],
      );
      const row = rows[0];
      return (
        row && {
          built: row.built,
          units: row.units,
          pointsBuilt: Number(row.points_built),
          points: Number(row.points),
        }
      );
    },

    async abandon(client) {
      await client.query(
        `DROP TABLE IF EXISTS ${tables.events}, ${tables.keys}, ${tables.units}, ${tables.points}, ${tables.rollups}`,
      );
      await client.query(schema);
    },
  };
}
