import type pg from 'pg';
import { catalogueProjection, createCatalogueProjection } from '../catalogue/catalogue-projection.js';
import type { Projection } from '../runner/projection.js';
import { createTimeseriesProjection, timeseriesProjection } from '../timeseries/timeseries-projection.js';

/** The versions this code serves: what the runner hosts. A new version is added here to build beside the old. */
export const SERVED_PROJECTIONS: readonly Projection[] = [timeseriesProjection, catalogueProjection];

/**
 * Any version of a projection this code knows, as build `generation` (1 unless a runtime rebuild made
 * another), for ops commands on builds that are not the one hosted (drop, progress).
 */
export function projectionVersion(name: string, version: number, generation = 1): Projection | undefined {
  if (!Number.isSafeInteger(generation) || generation < 1) return undefined;
  if (name === 'timeseries' && Number.isSafeInteger(version) && version >= 1) {
    return createTimeseriesProjection(version, { generation });
  }
  if (name === 'catalogue' && version === 1) return createCatalogueProjection(generation);
  return undefined;
}

/** The build that serves a projection now (the version and generation the views point at), if this code knows it. */
export async function servingProjection(
  client: pg.ClientBase,
  name: string,
): Promise<Projection | undefined> {
  const { rows } = await client.query<{ version: number; generation: number }>(
    `SELECT version, generation FROM chronicle_read.projections WHERE name = $1 AND status = 'live'`,
    [name],
  );
  const row = rows[0];
  return row && projectionVersion(name, row.version, row.generation);
}
