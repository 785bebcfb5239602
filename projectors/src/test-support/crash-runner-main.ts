#!/usr/bin/env node
/**
 * Tests only (see build-crash-harness.ts): a runner process hosting the time series versions listed in
 * PROJECTOR_VERSIONS (the serving v1 alone, for a rebuild asked for at run time; or v1 and a v2 that builds
 * beside it), in small batches and small bulk units so that a kill -9 finds a build in the middle of every
 * stage. DATABASE_URL, PROJECTOR_VERSIONS (default 1), PROJECTOR_BUILD_BATCH_SIZE (events),
 * PROJECTOR_BULK_UNIT_POINTS.
 */
import { upcastDomainEvent } from '@chronicle/domain';
import { createEventStore } from '@chronicle/eventstore';
import { startProjectionRunner } from '../runner/projection-runner.js';
import { createTimeseriesProjection } from '../timeseries/timeseries-projection.js';

const connectionString = process.env.DATABASE_URL!;
const versions = (process.env.PROJECTOR_VERSIONS ?? '1').split(',').map(Number);
const pointsPerUnit = Number(process.env.PROJECTOR_BULK_UNIT_POINTS ?? 2_000);
const store = createEventStore({ connectionString, upcast: upcastDomainEvent, onBackgroundError: () => {} });
const runner = startProjectionRunner({
  connectionString,
  store,
  batchSize: 5,
  buildBatchSize: Number(process.env.PROJECTOR_BUILD_BATCH_SIZE ?? 10),
  pollIntervalMs: 50,
  takeoverIntervalMs: 100,
  projections: versions.map((version) => createTimeseriesProjection(version, { pointsPerUnit })),
});
process.once('SIGTERM', () => {
  void runner
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
