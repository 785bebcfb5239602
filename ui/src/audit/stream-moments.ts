import type { AsOf } from '../graphql/operations.js';

/** One stop of the time-travel slider: a moment of the log, and when it was. */
export interface Moment {
  asOf: AsOf;
  /** Milliseconds since the epoch: the moment's recorded time. */
  at: number;
  /** The stream's version at this moment, when the stop is a version (not a time). */
  version?: number;
}

/**
 * Stops at every version of a stream whose events are all known, and one before its first event (the
 * stream did not exist yet): positions are exact, so each stop is exactly one version.
 */
export function versionMoments(
  events: readonly { streamVersion: number; position: string; recordedAt: string }[],
): Moment[] {
  const first = events[0];
  if (!first) return [];
  const before: Moment = {
    asOf: { position: (BigInt(first.position) - 1n).toString() },
    at: Date.parse(first.recordedAt) - 1,
    version: 0,
  };
  return [
    before,
    ...events.map((event) => ({
      asOf: { position: event.position },
      at: Date.parse(event.recordedAt),
      version: event.streamVersion,
    })),
  ];
}

/**
 * Stops evenly spread in time over a stream too long to list, from its first event to its newest: the
 * query API answers with the version each one falls on.
 */
export function timeMoments(from: number, to: number, steps: number): Moment[] {
  if (to <= from || steps < 2) return [{ asOf: { time: new Date(to).toISOString() }, at: to }];
  return Array.from({ length: steps }, (_, i) => {
    const at = Math.round(from + ((to - from) * i) / (steps - 1));
    return { asOf: { time: new Date(at).toISOString() }, at };
  });
}
