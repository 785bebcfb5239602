/** What a batch of measurements may hold; configuration, so deployments can tune it without code changes. */
export interface MeasurementLimits {
  /** Earliest accepted timestamp, epoch milliseconds (inclusive). */
  readonly earliestTimestamp: number;
  /** How far ahead of the command's `now` a timestamp may be, in milliseconds: clocks drift. */
  readonly maxFutureSkewMs: number;
  /** Most points in one batch: one batch is one event, and one jsonb row. */
  readonly maxBatchSize: number;
}

export const DEFAULT_MEASUREMENT_LIMITS: MeasurementLimits = Object.freeze({
  earliestTimestamp: Date.UTC(2000, 0, 1),
  maxFutureSkewMs: 5 * 60_000,
  maxBatchSize: 5_000,
});

/** Fills in defaults and rejects nonsense at start-up rather than on the first batch. */
export function resolveMeasurementLimits(limits: Partial<MeasurementLimits> = {}): MeasurementLimits {
  const resolved = { ...DEFAULT_MEASUREMENT_LIMITS, ...limits };
  if (!Number.isFinite(resolved.earliestTimestamp)) {
    throw new RangeError(
      `earliestTimestamp must be finite epoch milliseconds, got ${resolved.earliestTimestamp}`,
    );
  }
  if (!Number.isFinite(resolved.maxFutureSkewMs) || resolved.maxFutureSkewMs < 0) {
    throw new RangeError(`maxFutureSkewMs must be a finite number >= 0, got ${resolved.maxFutureSkewMs}`);
  }
  if (!Number.isSafeInteger(resolved.maxBatchSize) || resolved.maxBatchSize < 1) {
    throw new RangeError(`maxBatchSize must be an integer >= 1, got ${resolved.maxBatchSize}`);
  }
  return Object.freeze(resolved);
}
