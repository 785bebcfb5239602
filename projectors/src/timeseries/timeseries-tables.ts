/** The tables of one time-series version (`timeseries_v<n>_*`), schema-qualified. */
export interface TimeseriesTables {
  prefix: string;
  points: string;
  rollups: string;
  /** A bulk build's working tables (timeseries-bulk-build.ts); gone once it has finished. */
  events: string;
  keys: string;
  units: string;
}

export function timeseriesTables(prefix: string): TimeseriesTables {
  const table = (name: string) => `chronicle_read.${prefix}_${name}`;
  return {
    prefix,
    points: table('points'),
    rollups: table('rollups'),
    events: table('build_events'),
    keys: table('build_keys'),
    units: table('build_units'),
  };
}
