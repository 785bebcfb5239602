import type { Resolution } from '../graphql/operations.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The finest resolution whose number of values over [from, to) fits the chart: the rule the query API
 * applies when asked for `maxPoints` (raw points counted at one a second). The dashboard picks it itself
 * so that the chart's read and its live tail ask for the same one.
 */
export function resolutionFor(from: number, to: number, maxPoints: number): Resolution {
  const span = Math.max(1, to - from);
  if (span <= maxPoints * 1000) return 'RAW';
  if (span / MINUTE <= maxPoints) return 'MINUTE';
  if (span / HOUR <= maxPoints) return 'HOUR';
  return 'DAY';
}

export const RESOLUTION_LABELS: Record<Resolution, string> = {
  RAW: 'every point',
  MINUTE: '1-minute averages',
  HOUR: 'hourly averages',
  DAY: 'daily averages',
};

/** How long without a value counts as a break in the line: a few buckets (raw points: a few seconds). */
export const GAP_MS: Record<Resolution, number> = {
  RAW: 10_000,
  MINUTE: 3 * MINUTE,
  HOUR: 3 * HOUR,
  DAY: 3 * 24 * HOUR,
};
