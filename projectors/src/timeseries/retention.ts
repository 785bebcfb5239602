import type pg from 'pg';
import { tablePrefix } from '../runner/table-prefix.js';
import { DAY, HOUR, MINUTE } from './resolutions.js';

/** Days each level is kept; day rollups are kept for good. Coarser levels are kept at least as long. */
export interface RetentionPolicy {
  rawDays: number;
  minuteDays: number;
  hourDays: number;
}

export interface RetentionOutcome {
  points: number;
  minuteRollups: number;
  hourRollups: number;
}

const CHUNK = 10_000;

/**
 * The retention job: moves each level's horizon forward to whole days (so no bucket is left half kept) and
 * deletes, in chunks, what lies behind it in the serving version's tables. It reads and writes only read
 * models, never the event store: a rebuild brings everything back, and the projection then drops it again
 * because it ignores points behind the raw horizon.
 */
export async function applyRetention(
  pool: pg.Pool | pg.ClientBase,
  policy: RetentionPolicy,
  now = Date.now(),
): Promise<RetentionOutcome> {
  const { rawDays, minuteDays, hourDays } = policy;
  if (![rawDays, minuteDays, hourDays].every((days) => Number.isFinite(days) && days > 0)) {
    throw new RangeError('retention days must be positive numbers');
  }
  if (!(rawDays <= minuteDays && minuteDays <= hourDays)) {
    throw new RangeError(
      'keep rollups at least as long as what they are made of: rawDays <= minuteDays <= hourDays',
    );
  }
  const horizon = (days: number) => now - (now % DAY) - days * DAY;
  const { rows } = await pool.query<{ version: number; generation: number }>(
    `SELECT version, generation FROM chronicle_read.projections WHERE name = 'timeseries' AND status = 'live'`,
  );
  const serving = rows[0];
  if (!serving) return { points: 0, minuteRollups: 0, hourRollups: 0 };
  const prefix = `chronicle_read.${tablePrefix('timeseries', serving.version, serving.generation)}`;
  const points = `${prefix}_points`;
  const rollups = `${prefix}_rollups`;

  const levels = [
    { resolution: 0, before: horizon(rawDays), table: points, column: 'ts', only: '' },
    {
      resolution: MINUTE,
      before: horizon(minuteDays),
      table: rollups,
      column: 'bucket',
      only: `AND resolution = ${MINUTE}`,
    },
    {
      resolution: HOUR,
      before: horizon(hourDays),
      table: rollups,
      column: 'bucket',
      only: `AND resolution = ${HOUR}`,
    },
  ];
  const deleted: number[] = [];
  for (const level of levels) {
    // The horizon first: from then on the projection ignores what the delete removes.
    await pool.query(
      `INSERT INTO chronicle_read.retention_horizons (resolution, before) VALUES ($1, $2)
       ON CONFLICT (resolution) DO UPDATE
         SET before = greatest(retention_horizons.before, excluded.before), updated_at = now()`,
      [level.resolution, level.before],
    );
    // Table by table: a ctid names a row only within one partition (the points are partitioned).
    const { rows: leaves } = await pool.query<{ leaf: string }>(
      `SELECT relid::regclass::text AS leaf FROM pg_partition_tree($1::regclass) WHERE isleaf`,
      [level.table],
    );
    let total = 0;
    // (no rows for a table that is not partitioned)
    for (const leaf of leaves.length > 0 ? leaves.map((row) => row.leaf) : [level.table]) {
      for (;;) {
        const { rowCount } = await pool.query(
          `DELETE FROM ${leaf} WHERE ctid IN (
             SELECT ctid FROM ${leaf} WHERE ${level.column} < $1 ${level.only} LIMIT ${CHUNK})`,
          [level.before],
        );
        total += rowCount ?? 0;
        if (!rowCount || rowCount < CHUNK) break;
      }
    }
    deleted.push(total);
  }
  return { points: deleted[0]!, minuteRollups: deleted[1]!, hourRollups: deleted[2]! };
}
