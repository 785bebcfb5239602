import type { DomainEvent } from '../domain-events.js';
import { measurementsEventTypes, type MeasurementsEvent } from '../measurements/measurement-events.js';
import { sourceEventTypes, type SourceEvent } from '../source/source-events.js';
import { evolveSource, initialSourceState, type SourceState } from '../source/source-state.js';
import type { TenantEvent } from '../tenant/tenant-events.js';
import { evolveTenant, initialTenantState, type TenantState } from '../tenant/tenant-state.js';

/** What a measurements stream amounts to: how much was recorded and corrected, and over which times. */
export interface MeasurementsSummary {
  readonly points: number;
  readonly corrections: number;
  readonly firstTimestamp: number | null;
  readonly lastTimestamp: number | null;
}

/** A stream's state as its events fold it, by what the stream holds (its id says which). */
export type StreamState =
  | { readonly kind: 'tenant'; readonly state: TenantState }
  | { readonly kind: 'source'; readonly sourceId: string; readonly state: SourceState }
  | { readonly kind: 'measurements'; readonly sourceId: string; readonly state: MeasurementsSummary };

const TENANT_STREAM = 'tenant';

/** The kind of a stream id, or undefined for one no aggregate of ours writes. */
export function streamKindOf(streamId: string): StreamState['kind'] | undefined {
  if (streamId === TENANT_STREAM) return 'tenant';
  if (streamId.startsWith('source-')) return 'source';
  if (streamId.startsWith('measurements-')) return 'measurements';
  return undefined;
}

/**
 * Folds a stream's events (already upcast) into its state: the time-travel view of auditors, who fold a
 * prefix of the stream to see it as it stood then. Events of another kind than the stream's are ignored, as
 * each aggregate's own evolve would.
 */
export function foldStream(streamId: string, events: Iterable<DomainEvent>): StreamState | undefined {
  switch (streamKindOf(streamId)) {
    case 'tenant': {
      let state = initialTenantState();
      for (const event of events) if (isTenantEvent(event)) state = evolveTenant(state, event);
      return { kind: 'tenant', state };
    }
    case 'source': {
      let state = initialSourceState();
      for (const event of events) if (isSourceEvent(event)) state = evolveSource(state, event);
      return { kind: 'source', sourceId: streamId.slice('source-'.length), state };
    }
    case 'measurements': {
      let state: MeasurementsSummary = {
        points: 0,
        corrections: 0,
        firstTimestamp: null,
        lastTimestamp: null,
      };
      for (const event of events) if (isMeasurementsEvent(event)) state = summarise(state, event);
      return { kind: 'measurements', sourceId: streamId.slice('measurements-'.length), state };
    }
    case undefined:
      return undefined;
  }
}

function summarise(state: MeasurementsSummary, event: MeasurementsEvent): MeasurementsSummary {
  let { firstTimestamp, lastTimestamp } = state;
  for (const { t } of event.data.points) {
    firstTimestamp = firstTimestamp === null ? t : Math.min(firstTimestamp, t);
    lastTimestamp = lastTimestamp === null ? t : Math.max(lastTimestamp, t);
  }
  return event.type === 'MeasurementsRecorded'
    ? { ...state, points: state.points + event.data.points.length, firstTimestamp, lastTimestamp }
    : { ...state, corrections: state.corrections + event.data.points.length, firstTimestamp, lastTimestamp };
}

const SOURCE_TYPES = new Set<string>(sourceEventTypes.map((definition) => definition.type));
const MEASUREMENT_TYPES = new Set<string>(measurementsEventTypes.map((definition) => definition.type));

const isSourceEvent = (event: DomainEvent): event is SourceEvent => SOURCE_TYPES.has(event.type);
const isMeasurementsEvent = (event: DomainEvent): event is MeasurementsEvent =>
  MEASUREMENT_TYPES.has(event.type);
const isTenantEvent = (event: DomainEvent): event is TenantEvent =>
  !isSourceEvent(event) && !isMeasurementsEvent(event);
