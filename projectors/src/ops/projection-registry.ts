import { catalogueProjection } from '../catalogue/catalogue-projection.js';
import type { Projection } from '../runner/projection.js';
import { createTimeseriesProjection, timeseriesProjection } from '../timeseries/timeseries-projection.js';

/** The versions this code serves: what the runner hosts. A new version is added here to build beside the old. */
export const SERVED_PROJECTIONS: readonly Projection[] = [timeseriesProjection, catalogueProjection];

/** Any version of a projection this code knows, for ops commands on old versions (drop). */
export function projectionVersion(name: string, version: number): Projection | undefined {
  if (name === 'timeseries' && Number.isSafeInteger(version) && version >= 1) {
    return createTimeseriesProjection(version);
  }
  if (name === 'catalogue' && version === 1) return catalogueProjection;
  return undefined;
}
