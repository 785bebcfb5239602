import { percentile } from '../stats/percentile.js';

/** One write workload: how many writers, how many events each write carries. */
export interface WriteWorkload {
  /** Stable key, e.g. `1x8`: 1 event per append, 8 writers. */
  key: string;
  label: string;
  eventsPerAppend: number;
  writers: number;
}

export function writeWorkloads(
  batchSizes: readonly number[],
  writerCounts: readonly number[],
): WriteWorkload[] {
  return batchSizes.flatMap((eventsPerAppend) =>
    writerCounts.map((writers) => ({
      key: `${eventsPerAppend}x${writers}`,
      label: `${eventsPerAppend} ev/append, ${writers} writer${writers === 1 ? '' : 's'}`,
      eventsPerAppend,
      writers,
    })),
  );
}

/** What one system achieved on one workload. */
export interface WriteMeasurement {
  eventsPerSecond: number;
  events: number;
  writes: number;
  seconds: number;
  /** Server-side: transactions committed per event written, warm-up included. */
  commitsPerEvent: number;
  /** Server-side: WAL bytes per event written, warm-up included. */
  walBytesPerEvent: number;
}

/** The median of a system's rounds on one workload, with every round's events/s in the order run. */
export interface MedianMeasurement extends WriteMeasurement {
  rounds: number[];
}

/** The round with the median events/s (by nearest rank: the lower middle one for an even count). */
export function medianOf(rounds: readonly WriteMeasurement[]): MedianMeasurement {
  const rates = rounds.map((round) => round.eventsPerSecond);
  const median = rounds.find((round) => round.eventsPerSecond === percentile(rates, 0.5));
  if (!median) throw new Error('no rounds to take a median of');
  return { ...median, rounds: rates };
}
