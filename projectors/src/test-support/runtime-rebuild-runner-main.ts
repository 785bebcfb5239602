#!/usr/bin/env node
/**
 * Tests only: a runner process hosting the serving time series (v1) alone, so that a rebuild of it is one
 * asked for at run time, in small batches and small bulk units so that a kill -9 finds it in the middle
 * of every stage. DATABASE_URL, PROJECTOR_BUILD_BATCH_SIZE (events), PROJECTOR_BULK_UNIT_POINTS.
 */
import { upcastDomainEvent } from '@chronicle/domain';
import { createEventStore } from '@chronicle/eventstore';
import { startProjectionRunner } from '../runner/projection-runner.js';
import { createTimeseriesProjection } from '../timeseries/timeseries-projection.js';

const connectionString = process.env.DATABASE_URL!;
const store = createEventStore({ connectionString, upcast: upcastDomainEvent, onBackgroundError: () => {} });
const runner = startProjectionRunner({
  connectionString,
  store,
  batchSize: 5,
  buildBatchSize: Number(process.env.PROJECTOR_BUILD_BATCH_SIZE ?? 10),
  pollIntervalMs: 50,
  takeoverIntervalMs: 100,
  projections: [
    createTimeseriesProjection(1, { pointsPerUnit: Number(process.env.PROJECTOR_BULK_UNIT_POINTS ?? 2_000) }),
  ],
});
process.once('SIGTERM', () => {
  void runner
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
