/** Rollup widths (the `resolution` column of the rollups), milliseconds. */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/**
 * The raw retention horizon, as SQL: points behind it have no bucket to go to, so the projection leaves
 * them out (see retention.ts).
 */
export const RAW_HORIZON = `coalesce((SELECT before FROM chronicle_read.retention_horizons WHERE resolution = 0),
                   -9223372036854775808)`;
