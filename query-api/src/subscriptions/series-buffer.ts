import type { SeriesPoint as StoredPoint } from '@chronicle/projectors';
import type { Aggregate, Resolution, SeriesUpdate } from '../graphql/schema-types.generated.js';
import { seriesPoint } from '../series/series-point.js';

/** A series subscriber's pending message: per source, its new or changed points by time. */
export interface SeriesBuffer {
  sources: Map<string, Map<number, StoredPoint>>;
  points: number;
  gap: boolean;
}

/**
 * Folds newly read points into the pending message. A point read again (a bucket that grew, a corrected
 * value) replaces the one waiting, so a subscriber that falls behind gets the latest values once. Past
 * `capacity` points the buffer is emptied and marked `gap`: the client reads the range again instead of
 * the server holding an unbounded backlog for it.
 */
export function bufferSeries(
  buffer: SeriesBuffer | undefined,
  incoming: ReadonlyMap<string, readonly StoredPoint[]>,
  gap: boolean,
  capacity: number,
): SeriesBuffer {
  const next = buffer ?? { sources: new Map(), points: 0, gap: false };
  next.gap ||= gap;
  for (const [sourceId, points] of incoming) {
    let byTime = next.sources.get(sourceId);
    if (!byTime) next.sources.set(sourceId, (byTime = new Map()));
    for (const point of points) {
      if (!byTime.has(point.t)) next.points++;
      byTime.set(point.t, point);
    }
  }
  if (next.points > capacity) return { sources: new Map(), points: 0, gap: true };
  return next;
}

export function seriesMessage(
  buffer: SeriesBuffer,
  resolution: Resolution,
  aggregate: Aggregate,
): SeriesUpdate {
  return {
    gap: buffer.gap,
    changes: [...buffer.sources].map(([sourceId, byTime]) => ({
      sourceId,
      resolution,
      points: [...byTime.values()].sort((a, b) => a.t - b.t).map((point) => seriesPoint(point, aggregate)),
    })),
  };
}
