import { domainEvents, measurementsStreamId, type EventEnvelope } from '@chronicle/domain';
import type { EventStore } from '@chronicle/eventstore';

export const POINTS_PER_EVENT = 500;
export const QUERY_SOURCE = 'hz-1';
export const QUERY_DAYS = 30;

/**
 * The log the rebuild replays: 30 days of 1 Hz data for one source (the range queries read it), and as many
 * other sources' batches as it takes to reach `points`, appended by 8 writers, 500 points per event.
 */
export async function fillLog(
  store: EventStore,
  tenant: string,
  points: number,
  now: number,
): Promise<number> {
  const querySpan = QUERY_DAYS * 86_400_000;
  const querySourceEvents = Math.ceil(querySpan / 1000 / POINTS_PER_EVENT);
  const otherEvents = Math.max(0, Math.ceil(points / POINTS_PER_EVENT) - querySourceEvents);
  const event = (sourceId: string, start: number, stepMs: number, seed: number): EventEnvelope =>
    domainEvents.toEnvelope(
      {
        type: 'MeasurementsRecorded',
        data: {
          sourceId,
          points: Array.from({ length: POINTS_PER_EVENT }, (_, index) => ({
            t: start + index * stepMs,
            v: Math.round((50 + 20 * Math.sin((seed + index) / 300)) * 100) / 100,
          })),
        },
      },
      { correlationId: `bench-${seed}`, producer: 'bench' },
    );
  let next = 0;
  const total = querySourceEvents + otherEvents;
  const start = now - querySpan;
  let written = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (;;) {
        const index = next++;
        if (index >= total) return;
        const envelope =
          index < querySourceEvents
            ? event(QUERY_SOURCE, start + index * POINTS_PER_EVENT * 1000, 1000, index)
            : event(
                `other-${index % 200}`,
                start + Math.floor(index / 200) * POINTS_PER_EVENT * 1000,
                1000,
                index,
              );
        const { sourceId } = envelope.data as { sourceId: string };
        await store.append({
          tenant,
          streams: [{ streamId: measurementsStreamId(sourceId), events: [envelope] }],
        });
        written += POINTS_PER_EVENT;
      }
    }),
  );
  return written;
}
