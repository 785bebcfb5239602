import type { Point } from '../graphql/operations.js';

/**
 * Folds pushed points into what a chart already holds. A point at a time already held replaces it (a
 * bucket's aggregate moves while the bucket fills); points older than `from` fall off a sliding window.
 * Both inputs are sorted by time; so is the result.
 */
export function mergePoints(held: readonly Point[], pushed: readonly Point[], from: number): Point[] {
  // The live tail's usual case, every pushed point newer than all held: append and cut the front, without
  // rebuilding the whole window (thousands of points, several times a second per chart).
  const newest = held.at(-1)?.t ?? -Infinity;
  if (pushed.every((point, i) => point.t > (i === 0 ? newest : pushed[i - 1]!.t))) {
    return [...held.slice(firstAtOrAfter(held, from)), ...pushed.filter((point) => point.t >= from)];
  }
  const byTime = new Map<number, number>();
  for (const point of held) if (point.t >= from) byTime.set(point.t, point.value);
  let sorted = true;
  let last = -Infinity;
  for (const point of held) last = Math.max(last, point.t);
  for (const point of pushed) {
    if (point.t < from) continue;
    if (!byTime.has(point.t) && point.t < last) sorted = false;
    byTime.set(point.t, point.value);
    last = Math.max(last, point.t);
  }
  const merged = Array.from(byTime, ([t, value]) => ({ t, value }));
  return sorted ? merged : merged.sort((a, b) => a.t - b.t);
}

/** Index of the first point at or after `from` (binary search over time-sorted points). */
function firstAtOrAfter(points: readonly Point[], from: number): number {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (points[middle]!.t < from) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * uPlot's columns: x in seconds (its time axis unit), y as given, and a null where no value came for longer
 * than `gapMs`, so that an outage shows as a break rather than as a straight line across it.
 */
export function toColumns(points: readonly Point[], gapMs = Infinity): [number[], (number | null)[]] {
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  let previous: number | undefined;
  for (const point of points) {
    if (previous !== undefined && point.t - previous > gapMs) {
      xs.push((previous + point.t) / 2000);
      ys.push(null);
    }
    xs.push(point.t / 1000);
    ys.push(point.value);
    previous = point.t;
  }
  return [xs, ys];
}
