import type { EventEnvelope } from '@chronicle/domain';

/**
 * Where a reader following the log stands. The log is ordered by (transactionId, position), not by position
 * alone: positions are handed out before commit, so a lower position can become visible after a higher one.
 */
export interface Checkpoint {
  readonly transactionId: bigint;
  readonly position: bigint;
}

export const START: Checkpoint = Object.freeze({ transactionId: 0n, position: 0n });

/** `any`: no check; `no_stream`: the stream has no events; `exists`: it has some; a number: its exact version. */
export type ExpectedVersion = 'any' | 'no_stream' | 'exists' | number;

export interface StreamAppend {
  streamId: string;
  /** Defaults to `any`. */
  expectedVersion?: ExpectedVersion;
  events: readonly EventEnvelope[];
}

export interface AppendRequest {
  tenant: string;
  /** All streams are written in one transaction, or none is. */
  streams: readonly StreamAppend[];
  /** A repeated key returns the first append's result and writes nothing. */
  idempotencyKey?: string;
  /**
   * What makes a retry the same request, when the caller knows better than the events: an API passes its
   * request body, since the events it derives carry fresh ids and times on every retry. Default: the
   * events' content. The same key with another fingerprint is refused (IdempotencyKeyReused).
   */
  idempotencyFingerprint?: string;
}

export interface AppendedStream {
  streamId: string;
  /** The stream's version after the append: pass it as the next expected version. */
  version: number;
  firstPosition: bigint;
  lastPosition: bigint;
}

export interface AppendResult {
  streams: AppendedStream[];
  transactionId: bigint;
  /** True when the idempotency key had been seen: this call wrote nothing. */
  duplicate: boolean;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends EventEnvelope<
  Type,
  Data
> {
  tenant: string;
  streamId: string;
  streamVersion: number;
  position: bigint;
  transactionId: bigint;
  eventId: string;
  recordedAt: Date;
  /** Hex sha256 chaining this event to the previous one of its stream. */
  hash: string;
}

export function checkpointOf(event: Pick<RecordedEvent, 'transactionId' | 'position'>): Checkpoint {
  return { transactionId: event.transactionId, position: event.position };
}
