export {
  createEventStore,
  EVENT_STORE_DEFAULTS,
  type EventStore,
  type EventStoreOptions,
} from './event-store.js';
export { migrate, MIGRATIONS_DIR } from './schema/migrate.js';
export {
  EventStoreError,
  IdempotencyKeyReused,
  InvalidAppend,
  InvalidReadRequest,
  WrongExpectedVersion,
} from './errors.js';
export type { ReadAllOptions } from './read/read-log.js';
export type { ReadStreamOptions } from './read/read-stream.js';
export type { SubscribeOptions, Subscription } from './subscribe/subscription.js';
export type { ChainProblem, VerifyResult } from './verify/verify-stream.js';
export type { TenantVerification } from './verify/verify-tenant.js';
export {
  MAX_EVENTS_PAGE,
  type EventFilter,
  type EventsPage,
  type EventsPageRequest,
} from './audit/events-page.js';
export type { CheckpointStore } from './checkpoints/checkpoint-store.js';
export type { IdempotencyLookup } from './append/idempotent-outcome.js';
export {
  START,
  checkpointOf,
  type AppendRequest,
  type AppendResult,
  type AppendedStream,
  type Checkpoint,
  type ExpectedVersion,
  type RecordedEvent,
  type StreamAppend,
} from './types.js';
export {
  aggregateStream,
  handleCommand,
  type AggregatedStream,
  type EventCodec,
  type HandleCommandOptions,
  type HandledCommand,
} from './command/handle-command.js';
export { logRangeBounds, nextLogRange, type LogRange } from './read/log-range.js';
export { inScopedTransaction, scopeOf, type ReadScope } from './database/scoped-query.js';
