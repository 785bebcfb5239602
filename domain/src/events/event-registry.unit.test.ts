import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from './envelope.js';
import type { Event } from './event.js';
import { InvalidEventRegistry, UnknownEventType, UnsupportedSchemaVersion } from './event-registry-error.js';
import { createEventRegistry } from './event-registry.js';
import { defineEventType } from './event-type.js';

type ThingNamed = Event<'ThingNamed', { fullName: string; nickname: string | null; tags: string[] }>;
type ThingRemoved = Event<'ThingRemoved', { id: string }>;

// v1 { name } -> v2 { fullName } -> v3 { fullName, nickname, tags }
const thingNamed = defineEventType<ThingNamed>({
  type: 'ThingNamed',
  schemaVersion: 3,
  upcasters: {
    1: (data) => {
      const { name } = data as { name: string };
      return { fullName: name };
    },
    2: (data) => ({ ...(data as { fullName: string }), nickname: null, tags: [] }),
  },
});
const thingRemoved = defineEventType<ThingRemoved>({ type: 'ThingRemoved', schemaVersion: 1 });

const registry = createEventRegistry([thingNamed, thingRemoved]);

const envelope = (type: string, schemaVersion: number, data: unknown): EventEnvelope => ({
  type,
  schemaVersion,
  data,
  metadata: { actor: 'alice' },
});

describe('event registry', () => {
  it('stamps envelopes with the current schema version', () => {
    const event: ThingRemoved = { type: 'ThingRemoved', data: { id: 'a' } };
    expect(registry.toEnvelope(event, { commandId: 'c-1' })).toEqual({
      type: 'ThingRemoved',
      schemaVersion: 1,
      data: { id: 'a' },
      metadata: { commandId: 'c-1' },
    });
    expect(
      registry.toEnvelope({ type: 'ThingNamed', data: { fullName: 'x', nickname: null, tags: [] } })
        .schemaVersion,
    ).toBe(3);
    expect(registry.toEnvelope(event).metadata).toEqual({});
    expect(registry.schemaVersionOf('ThingNamed')).toBe(3);
  });

  it('returns envelopes already at the current version untouched', () => {
    const current = envelope('ThingRemoved', 1, { id: 'a' });
    expect(registry.upcast(current)).toBe(current);
  });

  it('runs the upcasters in order, from the stored version to the current one', () => {
    const stored = envelope('ThingNamed', 1, { name: 'Ada' });
    expect(registry.upcast(stored)).toEqual({
      type: 'ThingNamed',
      schemaVersion: 3,
      data: { fullName: 'Ada', nickname: null, tags: [] },
      metadata: { actor: 'alice' },
    });
    expect(registry.upcast(envelope('ThingNamed', 2, { fullName: 'Ada' })).data).toEqual({
      fullName: 'Ada',
      nickname: null,
      tags: [],
    });
    expect(stored).toEqual(envelope('ThingNamed', 1, { name: 'Ada' }));
  });

  it('reads envelopes back as domain events', () => {
    expect(registry.toEvent(envelope('ThingNamed', 1, { name: 'Ada' }))).toEqual({
      type: 'ThingNamed',
      data: { fullName: 'Ada', nickname: null, tags: [] },
    });
  });

  it('works as a detached read hook', () => {
    const hook = registry.upcast;
    expect(hook(envelope('ThingNamed', 2, { fullName: 'Ada' })).schemaVersion).toBe(3);
  });

  it('rejects unknown event types, on write and on read', () => {
    expect(() => registry.upcast(envelope('ThingExploded', 1, {}))).toThrow(UnknownEventType);
    expect(() => registry.toEnvelope({ type: 'ThingExploded', data: {} } as unknown as ThingRemoved)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_EVENT_TYPE', type: 'ThingExploded' }),
    );
  });

  it('rejects a version newer than the code knows', () => {
    expect(() => registry.upcast(envelope('ThingNamed', 4, {}))).toThrow(
      expect.objectContaining({
        name: 'UnsupportedSchemaVersion',
        code: 'UNSUPPORTED_SCHEMA_VERSION',
        schemaVersion: 4,
        currentSchemaVersion: 3,
        message: expect.stringContaining('newer code'),
      }),
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects schema version %s', (schemaVersion) => {
    expect(() => registry.upcast(envelope('ThingNamed', schemaVersion, {}))).toThrow(
      UnsupportedSchemaVersion,
    );
  });
});

describe('event registry creation', () => {
  it('detects a gap in an upcaster chain', () => {
    const broken = defineEventType<ThingNamed>({
      type: 'ThingNamed',
      schemaVersion: 3,
      upcasters: { 1: (data) => data },
    });
    expect(() => createEventRegistry([broken])).toThrow(
      expect.objectContaining({
        name: 'InvalidEventRegistry',
        message: expect.stringContaining('no upcaster from v2 to v3'),
      }),
    );
  });

  it('detects a missing chain', () => {
    const broken = defineEventType<ThingNamed>({ type: 'ThingNamed', schemaVersion: 2 });
    expect(() => createEventRegistry([broken])).toThrow(InvalidEventRegistry);
  });

  it('detects an upcaster from the current version or beyond', () => {
    const stray = defineEventType<ThingRemoved>({
      type: 'ThingRemoved',
      schemaVersion: 1,
      upcasters: { 1: (data) => data },
    });
    expect(() => createEventRegistry([stray])).toThrow(/declares an upcaster from v1/);
  });

  it('detects duplicate type names', () => {
    expect(() => createEventRegistry([thingRemoved, thingNamed, thingRemoved])).toThrow(
      /"ThingRemoved" is declared more than once/,
    );
  });

  it.each([0, 1.5])('detects schema version %s', (schemaVersion) => {
    const broken = defineEventType<ThingRemoved>({ type: 'ThingRemoved', schemaVersion });
    expect(() => createEventRegistry([broken])).toThrow(InvalidEventRegistry);
  });
});
