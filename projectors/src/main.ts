#!/usr/bin/env node
/**
 * The projector runner as a process. Several may run at once: each projection is worked by one of them,
 * and taken over by another when that one dies. Configuration: DATABASE_URL, LOG_LEVEL,
 * PROJECTOR_BATCH_SIZE (events per transaction).
 */
import { upcastDomainEvent } from '@chronicle/domain';
import { createEventStore } from '@chronicle/eventstore';
import { pino } from 'pino';
import { startProjectionRunner } from './runner/projection-runner.js';
import { SERVED_PROJECTIONS } from './ops/projection-registry.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'projectors' } });
const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  console.error('projectors: DATABASE_URL must be set');
  process.exit(2);
}
const batchSize = Number(process.env.PROJECTOR_BATCH_SIZE ?? 1000);
if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
  console.error(
    `projectors: PROJECTOR_BATCH_SIZE must be a positive integer, got ${process.env.PROJECTOR_BATCH_SIZE}`,
  );
  process.exit(2);
}

const store = createEventStore({
  connectionString,
  upcast: upcastDomainEvent,
  onBackgroundError: (error) =>
    logger.warn({ err: error.message }, 'event store connection error (recovering)'),
});
const runner = startProjectionRunner({
  connectionString,
  store,
  batchSize,
  projections: SERVED_PROJECTIONS,
  onError: (error, projection) =>
    logger.warn({ err: (error as Error).message, projection }, 'projection error'),
  log: (message, fields) => logger.info(fields ?? {}, message),
});
logger.info('projector runner started');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void runner
      .stop()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: (error as Error).message }, 'stopping failed');
          process.exit(1);
        },
      );
  });
}
