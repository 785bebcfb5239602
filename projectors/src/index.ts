export { migrateReadModels, READ_MODEL_MIGRATIONS_DIR } from './schema/migrate-read-models.js';
export type { BulkProgress, Projection, ReadModelChange } from './runner/projection.js';
export {
  startProjectionRunner,
  switchViews,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
} from './runner/projection-runner.js';
export { CHANGES_CHANNEL } from './runner/change-notifier.js';
export {
  DAY,
  HOUR,
  MINUTE,
  createTimeseriesProjection,
  timeseriesProjection,
} from './timeseries/timeseries-projection.js';
export { catalogueProjection, createCatalogueProjection } from './catalogue/catalogue-projection.js';
export {
  chooseResolution,
  readSeries,
  type Resolution,
  type SeriesPoint,
} from './timeseries/series-query.js';
export { projectionStatuses, type BuildStage, type ProjectionStatus } from './ops/projection-status.js';
export { SERVED_PROJECTIONS, projectionVersion, servingProjection } from './ops/projection-registry.js';
export {
  RebuildRefused,
  cancelRebuild,
  requestRebuild,
  type BuildId,
  type RebuildRefusal,
} from './rebuild/runtime-rebuild.js';
export { applyRetention, type RetentionOutcome, type RetentionPolicy } from './timeseries/retention.js';
export { rebuildTenant, type TenantRebuild } from './rebuild/rebuild-tenant.js';
