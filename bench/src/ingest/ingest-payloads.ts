import {
  domainEvents,
  measurementsDecider,
  type EventEnvelope,
  type MeasurementsRecorded,
  type SourceState,
} from '@chronicle/domain';

/** One request's worth of points for one source: its HTTP body, and the event the API makes of it. */
export interface IngestPayload {
  sourceId: string;
  body: string;
  event: EventEnvelope;
}

/**
 * A fixed set of request bodies made up front, so the load generator spends its CPU on sending, and both
 * paths (HTTP and direct) store the same events. Timestamps sit in the last hour: inside the accepted window.
 */
export function makeIngestPayloads(
  sourceIds: readonly string[],
  pointsPerRequest: number,
  count = 256,
): IngestPayload[] {
  const now = Date.now();
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: count }, (_, index) => {
    const sourceId = sourceIds[index % sourceIds.length]!;
    const start = now - 3_600_000 + index * pointsPerRequest;
    const points = Array.from({ length: pointsPerRequest }, (_, offset) => ({
      t: start + offset,
      v: Math.round((20 + 5 * Math.sin((start + offset) / 60_000) + random()) * 1000) / 1000,
    }));
    const state: SourceState = {
      status: 'active',
      sourceId,
      name: sourceId,
      ownerSubject: 'bench',
      unit: null,
    };
    const [event] = measurementsDecider.decide(
      { type: 'RecordMeasurements', data: { sourceId, points }, metadata: { now: new Date(now) } },
      state,
    ) as MeasurementsRecorded[];
    const metadata = {
      commandId: crypto.randomUUID(),
      correlationId: crypto.randomUUID(),
      actor: crypto.randomUUID(),
      producer: 'bench-producer-00',
    };
    return {
      sourceId,
      body: JSON.stringify({ sourceId, points }),
      event: domainEvents.toEnvelope(event!, metadata),
    };
  });
}
