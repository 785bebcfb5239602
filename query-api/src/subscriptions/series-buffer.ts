import type { SeriesPoint as StoredPoint } from '@chronicle/projectors';
import type { Aggregate, Resolution, SeriesUpdate } from '../graphql/schema-types.generated.js';
import { seriesPoint } from '../series/series-point.js';
import { markShared } from './shared-message.js';

/** A series subscriber's pending message when it fell behind: per source, its new or changed points by time. */
export interface SeriesBuffer {
  kind: 'buffer';
  sources: Map<string, Map<number, StoredPoint>>;
  points: number;
  gap: boolean;
}

/**
 * One change as an audience (subscribers who watch and may see the same things, see series-fanout) is
 * sent it: made once, and handed as it is to every member whose mailbox was empty. Never changed once made.
 */
export interface SharedSeriesUpdate {
  kind: 'shared';
  buffer: Readonly<SeriesBuffer>;
  /** The message, shared by every member it reaches unchanged (marked shared: see shared-message.ts). */
  message: SeriesUpdate;
}

/** What a series subscriber has waiting: a change as it came (shared), or its own fold of several. */
export type SeriesPending = SharedSeriesUpdate | SeriesBuffer;

/** The update an audience is sent for a change (past `capacity` points, only `gap`: see bufferSeries). */
export function sharedSeriesUpdate(
  incoming: ReadonlyMap<string, readonly StoredPoint[]>,
  gap: boolean,
  capacity: number,
  resolution: Resolution,
  aggregate: Aggregate,
): SharedSeriesUpdate {
  const buffer = bufferSeries(undefined, incoming, gap, capacity);
  return { kind: 'shared', buffer, message: markShared(seriesMessage(buffer, resolution, aggregate)) };
}

/**
 * Folds an update into what a subscriber has waiting. Nothing waiting: the shared update itself, as it
 * is. Otherwise the subscriber's own buffer (made from a copy: a shared update is never changed).
 */
export function foldSeries(
  pending: SeriesPending | undefined,
  update: SharedSeriesUpdate,
  capacity: number,
): SeriesPending {
  if (pending === undefined) return update;
  const own =
    pending.kind === 'buffer'
      ? pending
      : bufferSeries(undefined, pointsOf(pending.buffer), pending.buffer.gap, capacity);
  return bufferSeries(own, pointsOf(update.buffer), update.buffer.gap, capacity);
}

/**
 * Folds newly read points into a subscriber's own buffer. A point read again (a bucket that grew, a
 * corrected value) replaces the one waiting, so a subscriber that falls behind gets the latest values
 * once. Past `capacity` points the buffer is emptied and marked `gap`: the client reads the range again
 * instead of the server holding an unbounded backlog for it.
 */
export function bufferSeries(
  buffer: SeriesBuffer | undefined,
  incoming: ReadonlyMap<string, readonly StoredPoint[]>,
  gap: boolean,
  capacity: number,
): SeriesBuffer {
  const next = buffer ?? { kind: 'buffer', sources: new Map(), points: 0, gap: false };
  next.gap ||= gap;
  for (const [sourceId, points] of incoming) {
    let byTime = next.sources.get(sourceId);
    if (!byTime) next.sources.set(sourceId, (byTime = new Map()));
    for (const point of points) {
      if (!byTime.has(point.t)) next.points++;
      byTime.set(point.t, point);
    }
  }
  if (next.points > capacity) return { kind: 'buffer', sources: new Map(), points: 0, gap: true };
  return next;
}

/** The message for what is waiting: a shared update's own, or one made from the subscriber's buffer. */
export function pendingMessage(
  pending: SeriesPending,
  resolution: Resolution,
  aggregate: Aggregate,
): SeriesUpdate {
  return pending.kind === 'shared' ? pending.message : seriesMessage(pending, resolution, aggregate);
}

function pointsOf(buffer: Readonly<SeriesBuffer>): Map<string, StoredPoint[]> {
  return new Map([...buffer.sources].map(([sourceId, byTime]) => [sourceId, [...byTime.values()]]));
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
