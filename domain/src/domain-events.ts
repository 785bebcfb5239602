import type { EnvelopeReadHook, EventOf, EventRegistry } from './events/event-registry.js';
import { createEventRegistry } from './events/event-registry.js';
import { measurementsEventTypes } from './measurements/measurement-events.js';
import type { MeasurementsEvent } from './measurements/measurement-events.js';
import { sourceEventTypes } from './source/source-events.js';
import type { SourceEvent } from './source/source-events.js';
import { tenantEventTypes } from './tenant/tenant-events.js';
import type { TenantEvent } from './tenant/tenant-events.js';

/** Every event Chronicle stores. */
export type DomainEvent = TenantEvent | SourceEvent | MeasurementsEvent;

const eventTypes = [...tenantEventTypes, ...sourceEventTypes, ...measurementsEventTypes] as const;

// Compiles only while every member of DomainEvent is declared above (the error names the missing type).
type Undeclared = Exclude<DomainEvent['type'], EventOf<(typeof eventTypes)[number]>['type']>;
const _everyEventDeclared: [Undeclared] extends [never] ? true : Undeclared = true;

/** The registry of every event Chronicle stores, with its schema history. */
export const domainEvents: EventRegistry<DomainEvent> = createEventRegistry(eventTypes);

/** Event-store read hook: brings any stored envelope to the current schema version. */
export const upcastDomainEvent: EnvelopeReadHook = domainEvents.upcast;
