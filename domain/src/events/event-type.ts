import type { Event } from './event.js';

/** Turns the data of one schema version into the data of the next one. */
export type Upcaster = (data: unknown) => unknown;

/**
 * One event type and its schema history: the current version, and for every older version `n`
 * an upcaster from `n` to `n + 1`, so events stored long ago are still read as the current shape.
 */
export interface EventType<E extends Event = Event> {
  readonly type: E['type'];
  readonly schemaVersion: number;
  readonly upcasters: Readonly<Record<number, Upcaster>>;
  /** Type-level only (never set): carries the event's shape so a registry can infer its union. */
  readonly __event?: E;
}

export interface EventTypeDefinition<E extends Event> {
  type: E['type'];
  /** Current schema version, starting at 1; bump it when the data changes shape and add an upcaster. */
  schemaVersion: number;
  /** Keyed by the version they upgrade from: `{ 1: v1ToV2, 2: v2ToV3 }`. */
  upcasters?: Readonly<Record<number, Upcaster>>;
}

/** Declares an event type; the chain is checked when the type joins a registry. */
export function defineEventType<E extends Event>(definition: EventTypeDefinition<E>): EventType<E> {
  return Object.freeze({
    type: definition.type,
    schemaVersion: definition.schemaVersion,
    upcasters: Object.freeze({ ...definition.upcasters }),
  });
}
