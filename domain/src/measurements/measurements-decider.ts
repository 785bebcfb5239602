import { assertNever } from '../decider/assert-never.js';
import type { Decider } from '../decider/decider.js';
import { ValidationError } from '../decider/domain-error.js';
import { requireActiveSource } from '../source/require-active-source.js';
import type { SourceEvent } from '../source/source-events.js';
import { isValidSourceId } from '../source/source-id.js';
import { evolveSource, initialSourceState } from '../source/source-state.js';
import type { SourceState } from '../source/source-state.js';
import { InvalidMeasurementPoint } from './invalid-measurement-point.js';
import { requireText } from '../validation/require-text.js';
import type {
  CorrectMeasurements,
  MeasurementPointInput,
  MeasurementsCommand,
  RecordMeasurements,
} from './measurement-commands.js';
import type { MeasurementPoint, MeasurementsCorrected, MeasurementsRecorded } from './measurement-events.js';
import { resolveMeasurementLimits } from './measurement-limits.js';
import type { MeasurementLimits } from './measurement-limits.js';
import { parseMeasurementTimestamp } from './measurement-timestamp.js';

/** What the measurements decider folds: the source's own events, plus its measurements if they share a stream. */
export type MeasurementsDeciderEvent = SourceEvent | MeasurementsRecorded | MeasurementsCorrected;

export const CORRECTION_REASON_MAX_LENGTH = 500;

/**
 * Measurements are decided against the state of their source (registered? retired?), so this decider's
 * state is the SourceState and its `evolve` folds source events. It deliberately does not need its own
 * measurements: the intended layout appends MeasurementsRecorded to a stream of its own (not the source
 * stream), so loading a source stays cheap however much data it has sent, and batches from many producers do
 * not contend on the source stream's version. The price is that a batch racing a RetireSource may land
 * just after it. Should the events share one stream anyway, `evolve` skips MeasurementsRecorded.
 */
export function createMeasurementsDecider(
  limits: Partial<MeasurementLimits> = {},
): Decider<MeasurementsCommand, MeasurementsDeciderEvent, SourceState> {
  const resolved = resolveMeasurementLimits(limits);
  return {
    decide: (command, state) => {
      switch (command.type) {
        case 'RecordMeasurements':
          return [recordMeasurements(command, state, resolved)];
        case 'CorrectMeasurements':
          return [correctMeasurements(command, state, resolved)];
        default:
          return assertNever(command, 'measurements command');
      }
    },
    evolve: (state, event) =>
      event.type === 'MeasurementsRecorded' || event.type === 'MeasurementsCorrected'
        ? state
        : evolveSource(state, event),
    initialState: initialSourceState,
  };
}

/** The decider with the default limits. */
export const measurementsDecider = createMeasurementsDecider();

/**
 * Cheap checks come first (the source, the batch size) so a batch for a retired source is not validated
 * point by point. The loop then checks each point and allocates only the point it stores.
 */
function recordMeasurements(
  { data, metadata }: RecordMeasurements,
  state: SourceState,
  limits: MeasurementLimits,
): MeasurementsRecorded {
  const sourceId = requireSource('RecordMeasurements', data.sourceId, state);
  const points = checkPoints(data.points, clockOf('RecordMeasurements', metadata), limits);
  return { type: 'MeasurementsRecorded', data: { sourceId, points } };
}

/**
 * A correction sets the value at each given timestamp, whether or not a point was recorded there (a
 * reading that was lost is corrected into existence); the same rules as recording apply to its points.
 */
function correctMeasurements(
  { data, metadata }: CorrectMeasurements,
  state: SourceState,
  limits: MeasurementLimits,
): MeasurementsCorrected {
  const sourceId = requireSource('CorrectMeasurements', data.sourceId, state);
  const reason = requireText(data.reason, {
    field: 'reason',
    maxLength: CORRECTION_REASON_MAX_LENGTH,
    code: 'CORRECTION_REASON_INVALID',
  });
  const points = checkPoints(data.points, clockOf('CorrectMeasurements', metadata), limits);
  return { type: 'MeasurementsCorrected', data: { sourceId, points, reason } };
}

function requireSource(command: MeasurementsCommand['type'], sourceId: unknown, state: SourceState): string {
  if (!isValidSourceId(sourceId)) {
    throw new ValidationError(
      'SOURCE_ID_INVALID',
      `Source id ${JSON.stringify(sourceId)} is invalid`,
      'sourceId',
    );
  }
  const source = requireActiveSource(state);
  if (source.sourceId !== sourceId) {
    // The handler loaded the wrong stream: a bug, not a rule the producer broke.
    throw new Error(`${command} for source "${sourceId}" was decided against source "${source.sourceId}"`);
  }
  return sourceId;
}

function clockOf(command: MeasurementsCommand['type'], metadata: { now?: Date } | undefined): number {
  const now = metadata?.now?.getTime();
  if (now === undefined || !Number.isFinite(now)) {
    throw new TypeError(`${command} needs metadata.now, a valid Date`);
  }
  return now;
}

function checkPoints(
  points: readonly MeasurementPointInput[],
  now: number,
  { earliestTimestamp, maxFutureSkewMs, maxBatchSize }: MeasurementLimits,
): MeasurementPoint[] {
  if (!Array.isArray(points)) {
    throw new ValidationError('MEASUREMENTS_INVALID', 'points must be an array of {t, v}', 'points');
  }
  const count = points.length;
  if (count === 0) {
    throw new ValidationError('MEASUREMENTS_EMPTY', 'points must hold at least one point', 'points');
  }
  if (count > maxBatchSize) {
    throw new ValidationError(
      'MEASUREMENTS_TOO_MANY',
      `points holds ${count} points; a batch holds at most ${maxBatchSize}`,
      'points',
    );
  }

  const latestTimestamp = now + maxFutureSkewMs;
  const recorded: MeasurementPoint[] = [];
  for (let index = 0; index < count; index++) {
    const point: unknown = points[index];
    if (typeof point !== 'object' || point === null || Array.isArray(point)) {
      throw new InvalidMeasurementPoint(
        'MEASUREMENT_POINT_INVALID',
        `must be an object {t, v}, got ${describe(point)}`,
        index,
      );
    }
    const { t: timestamp, v } = point as Partial<Record<'t' | 'v', unknown>>;
    if (typeof v !== 'number') {
      throw new InvalidMeasurementPoint(
        'MEASUREMENT_VALUE_INVALID',
        `must be a number, got ${describe(v)}`,
        index,
        'v',
      );
    }
    if (!Number.isFinite(v)) {
      throw new InvalidMeasurementPoint(
        'MEASUREMENT_VALUE_INVALID',
        `is ${v}; values must be finite numbers`,
        index,
        'v',
      );
    }
    const t = parseMeasurementTimestamp(timestamp);
    if (Number.isNaN(t)) {
      throw new InvalidMeasurementPoint(
        'MEASUREMENT_TIMESTAMP_INVALID',
        `is ${describe(timestamp)}: use integer epoch milliseconds or an RFC 3339 string with a time zone, ` +
          'e.g. "2024-05-01T12:00:00Z"',
        index,
        't',
      );
    }
    if (t < earliestTimestamp) {
      throw new InvalidMeasurementPoint(
        'MEASUREMENT_TIMESTAMP_OUT_OF_RANGE',
        `is ${instant(t)}, before the earliest accepted time ${instant(earliestTimestamp)}`,
        index,
        't',
      );
    }
    if (t > latestTimestamp) {
      throw new InvalidMeasurementPoint(
        'MEASUREMENT_TIMESTAMP_OUT_OF_RANGE',
        `is ${instant(t)}, more than ${maxFutureSkewMs / 1000}s after now (${instant(now)})`,
        index,
        't',
      );
    }
    recorded.push({ t, v });
  }
  return recorded;
}

// Error path only, so these may allocate.
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function instant(epochMillis: number): string {
  // Dates only span ±8.64e15 ms; beyond that toISOString throws.
  return Math.abs(epochMillis) <= 8.64e15 ? new Date(epochMillis).toISOString() : `${epochMillis} ms`;
}
