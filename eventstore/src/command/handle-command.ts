import type { Decider, EventEnvelope, EventMetadata } from '@chronicle/domain';
import { WrongExpectedVersion } from '../errors.js';
import type { EventStore } from '../event-store.js';
import type { AppendResult } from '../types.js';

/**
 * How a stream's events are stored and read back: the domain's event registry fits. Reading returns the
 * registry's whole union; a stream holds only its decider's events, so the fold takes them as such.
 */
export interface EventCodec<Event> {
  toEnvelope(event: Event, metadata?: EventMetadata): EventEnvelope;
  toEvent(envelope: EventEnvelope): unknown;
}

/** A stream's state as its events fold it, and the version it was folded at. */
export interface AggregatedStream<State> {
  state: State;
  version: number;
}

export async function aggregateStream<Event extends { type: string }, State>(
  store: EventStore,
  tenant: string,
  streamId: string,
  fold: {
    evolve(state: State, event: Event): State;
    initialState(): State;
    events: EventCodec<NoInfer<Event>>;
  },
): Promise<AggregatedStream<State>> {
  let state = fold.initialState();
  let version = 0;
  for await (const stored of store.readStream(tenant, streamId)) {
    state = fold.evolve(state, fold.events.toEvent(stored) as Event);
    version = stored.streamVersion;
  }
  return { state, version };
}

export interface HandleCommandOptions<Command, Event extends { type: string }, State> {
  tenant: string;
  streamId: string;
  decider: Decider<Command, Event, State>;
  events: EventCodec<NoInfer<Event>>;
  command: Command;
  /** Stamped on every event the command produces. */
  metadata: EventMetadata;
  /**
   * The version the caller saw (an HTTP If-Match). A conflict then is the caller's to resolve, so it is
   * reported, not retried; without it the command is decided again on the newer state.
   */
  expectedVersion?: number;
  idempotencyKey?: string;
  idempotencyFingerprint?: string;
  /**
   * Decide-and-append attempts before a conflict is reported. Default 10: every round of a race lets at
   * least one writer through, so N racing writers each need at most N attempts.
   */
  maxAttempts?: number;
}

export interface HandledCommand<Event, State> {
  /** What this call appended: none for a replayed idempotency key or a command that changes nothing. */
  events: Event[];
  /** The state after the command, as this call knows it (a replay returns the state before). */
  state: State;
  /** The stream's version after the command. */
  version: number;
  /** Set when the command appended or was a replay of one that did. */
  append?: AppendResult;
}

/**
 * Load, decide, append: the one way a command changes a stream. Re-deciding after a concurrent append is
 * safe because deciders are pure: the command is judged again against what really happened meanwhile.
 * A repeated idempotency key is answered from the ledger before deciding, since a retry decided again
 * could fail where the first attempt succeeded (a source registered twice).
 */
export async function handleCommand<Command, Event extends { type: string }, State>(
  store: EventStore,
  options: HandleCommandOptions<Command, Event, State>,
): Promise<HandledCommand<Event, State>> {
  const { tenant, streamId, decider, events, command, metadata, expectedVersion } = options;
  const { idempotencyKey, idempotencyFingerprint = JSON.stringify(command) } = options;
  const fold = { evolve: decider.evolve, initialState: decider.initialState, events };
  if (idempotencyKey !== undefined) {
    const replay = await store.findIdempotentAppend({ tenant, idempotencyKey, idempotencyFingerprint });
    if (replay) {
      const { state } = await aggregateStream(store, tenant, streamId, fold);
      return { events: [], state, version: replay.streams[0]?.version ?? 0, append: replay };
    }
  }
  const maxAttempts = expectedVersion === undefined ? (options.maxAttempts ?? 10) : 1;
  for (let attempt = 1; ; attempt++) {
    const { state, version } = await aggregateStream(store, tenant, streamId, fold);
    if (expectedVersion !== undefined && expectedVersion !== version) {
      throw new WrongExpectedVersion(streamId, expectedVersion, version);
    }
    const decided = decider.decide(command, state);
    if (decided.length === 0) return { events: [], state, version };
    try {
      const append = await store.append({
        tenant,
        ...(idempotencyKey === undefined ? {} : { idempotencyKey, idempotencyFingerprint }),
        streams: [
          {
            streamId,
            expectedVersion: version === 0 ? 'no_stream' : version,
            events: decided.map((event) => events.toEnvelope(event, metadata)),
          },
        ],
      });
      if (append.duplicate)
        return { events: [], state, version: append.streams[0]?.version ?? version, append };
      return {
        events: decided,
        state: decided.reduce(decider.evolve, state),
        version: append.streams[0]!.version,
        append,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion) || attempt >= maxAttempts) throw error;
    }
  }
}
