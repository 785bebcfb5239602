import type { EventEnvelope, EventMetadata } from './envelope.js';
import type { Event } from './event.js';
import type { EventType, Upcaster } from './event-type.js';
import { InvalidEventRegistry, UnknownEventType, UnsupportedSchemaVersion } from './event-registry-error.js';

/** The envelope of each member of an event union, so narrowing on `type` narrows `data` too. */
export type EnvelopeOf<E extends Event> = E extends Event ? EventEnvelope<E['type'], E['data']> : never;

/** The union of events an array of event types declares. */
export type EventOf<T extends EventType> = T extends EventType<infer E> ? E : never;

/** A read hook for an event store: brings every envelope it reads to the current schema version. */
export type EnvelopeReadHook = (envelope: EventEnvelope) => EventEnvelope;

export interface EventRegistry<E extends Event = Event> {
  /** Wraps a domain event for storage, stamped with its type's current schema version. */
  toEnvelope<T extends E>(event: T, metadata?: EventMetadata): EventEnvelope<T['type'], T['data']>;
  /**
   * Brings a stored envelope to the current schema version by running its upcasters in order.
   * Envelopes already current are returned as they are. A plain function, usable as an {@link EnvelopeReadHook}.
   */
  upcast(envelope: EventEnvelope): EnvelopeOf<E>;
  /** Upcasts a stored envelope and strips it down to the domain event a decider folds. */
  toEvent(envelope: EventEnvelope): E;
  /** Current schema version of a declared type. */
  schemaVersionOf(type: E['type']): number;
}

interface Chain {
  readonly schemaVersion: number;
  /** Index `n` upgrades from version `n` (index 0 unused), so reading walks an array, not an object. */
  readonly steps: readonly Upcaster[];
}

/** Builds a registry and checks every declaration up front, so a broken chain fails at start-up, not on read. */
export function createEventRegistry<const T extends readonly EventType[]>(
  types: T,
): EventRegistry<EventOf<T[number]>> {
  type E = EventOf<T[number]>;
  const chains = new Map<string, Chain>();
  for (const eventType of types) {
    if (chains.has(eventType.type)) {
      throw new InvalidEventRegistry(`Event type "${eventType.type}" is declared more than once`);
    }
    chains.set(eventType.type, chainOf(eventType));
  }

  const chainFor = (type: string): Chain => {
    const chain = chains.get(type);
    if (chain === undefined) throw new UnknownEventType(type);
    return chain;
  };

  const upcast = (envelope: EventEnvelope): EnvelopeOf<E> => {
    const { schemaVersion, steps } = chainFor(envelope.type);
    const from = envelope.schemaVersion;
    if (from === schemaVersion) return envelope as EnvelopeOf<E>;
    if (!Number.isInteger(from) || from < 1) {
      throw new UnsupportedSchemaVersion(envelope.type, from, schemaVersion, 'versions are integers from 1');
    }
    if (from > schemaVersion) {
      throw new UnsupportedSchemaVersion(
        envelope.type,
        from,
        schemaVersion,
        'it was written by newer code than this one',
      );
    }
    let data = envelope.data;
    for (let version = from; version < schemaVersion; version++) {
      const step = steps[version];
      // Unreachable after the checks at creation; kept so a hand-built chain cannot skip a step silently.
      if (step === undefined) {
        throw new UnsupportedSchemaVersion(
          envelope.type,
          from,
          schemaVersion,
          `no upcaster from v${version}`,
        );
      }
      data = step(data);
    }
    return { ...envelope, schemaVersion, data } as EnvelopeOf<E>;
  };

  return {
    toEnvelope: (event, metadata = {}) => ({
      type: event.type,
      schemaVersion: chainFor(event.type).schemaVersion,
      data: event.data,
      metadata,
    }),
    upcast,
    toEvent: (envelope) => {
      const { type, data } = upcast(envelope);
      return { type, data } as E;
    },
    schemaVersionOf: (type) => chainFor(type).schemaVersion,
  };
}

function chainOf({ type, schemaVersion, upcasters }: EventType): Chain {
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw new InvalidEventRegistry(
      `Event type "${type}" has schema version ${schemaVersion}; versions are integers from 1`,
    );
  }
  const steps: Upcaster[] = [];
  for (let version = 1; version < schemaVersion; version++) {
    const step = upcasters[version];
    if (typeof step !== 'function') {
      throw new InvalidEventRegistry(
        `Event type "${type}" is at schema version ${schemaVersion} but has no upcaster from v${version} to v${version + 1}`,
      );
    }
    steps[version] = step;
  }
  // A stray upcaster (from the current version or beyond) means the version was not bumped, or was rolled back.
  for (const key of Object.keys(upcasters)) {
    const version = Number(key);
    if (!Number.isInteger(version) || version < 1 || version >= schemaVersion) {
      throw new InvalidEventRegistry(
        `Event type "${type}" is at schema version ${schemaVersion} but declares an upcaster from v${key}`,
      );
    }
  }
  return { schemaVersion, steps };
}
