import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeciderSpecification } from '../decider/decider-specification.js';
import { ConflictError, NotFoundError, ValidationError } from '../decider/domain-error.js';
import type { SourceRegistered, SourceRenamed, SourceRetired } from '../source/source-events.js';
import { InvalidMeasurementPoint } from './invalid-measurement-point.js';
import type {
  CorrectMeasurements,
  MeasurementPointInput,
  RecordMeasurements,
} from './measurement-commands.js';
import type { MeasurementPoint, MeasurementsCorrected, MeasurementsRecorded } from './measurement-events.js';
import { DEFAULT_MEASUREMENT_LIMITS, resolveMeasurementLimits } from './measurement-limits.js';
import { createMeasurementsDecider, measurementsDecider } from './measurements-decider.js';

const spec = DeciderSpecification.for(measurementsDecider);
const now = new Date('2024-05-01T12:00:00Z');
const NOW = now.getTime();

const registered: SourceRegistered = {
  type: 'SourceRegistered',
  data: { sourceId: 'meter-1', name: 'Main meter', ownerSubject: 'user-alice', unit: 'kWh' },
};
const renamed: SourceRenamed = { type: 'SourceRenamed', data: { sourceId: 'meter-1', name: 'Roof meter' } };
const retired: SourceRetired = { type: 'SourceRetired', data: { sourceId: 'meter-1' } };

const record = (points: readonly MeasurementPointInput[], sourceId = 'meter-1'): RecordMeasurements => ({
  type: 'RecordMeasurements',
  data: { sourceId, points },
  metadata: { now },
});
const recorded = (points: MeasurementsRecorded['data']['points']): MeasurementsRecorded => ({
  type: 'MeasurementsRecorded',
  data: { sourceId: 'meter-1', points },
});
const invalidPoint = (pointIndex: number, code: string, message: string) =>
  [InvalidMeasurementPoint, { pointIndex, code, message }] as const;

describe('RecordMeasurements', () => {
  it('records a batch, storing every timestamp as epoch milliseconds', () => {
    spec
      .given([registered, renamed])
      .when(
        record([
          { t: NOW - 1000, v: 1.5 },
          { t: '2024-05-01T11:59:00Z', v: -2 },
          { t: '2024-05-01T13:59:00.123+02:00', v: 0 },
        ]),
      )
      .then([
        recorded([
          { t: NOW - 1000, v: 1.5 },
          { t: NOW - 60_000, v: -2 },
          { t: NOW - 60_000 + 123, v: 0 },
        ]),
      ]);
  });

  it('stores only t and v, whatever else a point carries', () => {
    const point = { t: NOW, v: 1, note: 'extra' } as MeasurementPointInput;
    spec
      .given([registered])
      .when(record([point]))
      .then([recorded([{ t: NOW, v: 1 }])]);
  });

  it('accepts the edges of the window', () => {
    spec
      .given([registered])
      .when(
        record([
          { t: Date.UTC(2000, 0, 1), v: 1 },
          { t: NOW + 5 * 60_000, v: 2 },
        ]),
      )
      .then([
        recorded([
          { t: Date.UTC(2000, 0, 1), v: 1 },
          { t: NOW + 5 * 60_000, v: 2 },
        ]),
      ]);
  });

  it('rejects an unregistered source', () => {
    spec
      .given([])
      .when(record([{ t: NOW, v: 1 }]))
      .thenThrows(NotFoundError, { code: 'SOURCE_NOT_REGISTERED' });
  });

  it('rejects a retired source, before looking at the points', () => {
    spec
      .given([registered, retired])
      .when(record([{ t: 'garbage', v: Number.NaN }]))
      .thenThrows(ConflictError, {
        code: 'SOURCE_RETIRED',
        message: 'Source "meter-1" is retired: it accepts no more commands',
      });
  });

  it('rejects an invalid source id', () => {
    spec
      .given([registered])
      .when(record([{ t: NOW, v: 1 }], 'meter 1'))
      .thenThrows(ValidationError, { code: 'SOURCE_ID_INVALID', field: 'sourceId' });
  });

  it('refuses to decide against another source than the command names (a handler bug)', () => {
    spec
      .given([registered])
      .when(record([{ t: NOW, v: 1 }], 'meter-2'))
      .thenThrows(Error, {
        message: 'RecordMeasurements for source "meter-2" was decided against source "meter-1"',
      });
  });

  it('needs the time of the command', () => {
    spec
      .given([registered])
      .when({ ...record([{ t: NOW, v: 1 }]), metadata: { now: new Date(Number.NaN) } })
      .thenThrows(TypeError, { message: 'RecordMeasurements needs metadata.now, a valid Date' });
  });

  it('rejects an empty batch', () => {
    spec.given([registered]).when(record([])).thenThrows(ValidationError, {
      code: 'MEASUREMENTS_EMPTY',
      field: 'points',
      message: 'points must hold at least one point',
    });
  });

  it('rejects points that are not an array', () => {
    spec
      .given([registered])
      .when(record({ t: NOW, v: 1 } as unknown as MeasurementPointInput[]))
      .thenThrows(ValidationError, { code: 'MEASUREMENTS_INVALID' });
  });

  it('rejects a batch above the maximum', () => {
    const points = Array.from({ length: DEFAULT_MEASUREMENT_LIMITS.maxBatchSize + 1 }, () => ({
      t: NOW,
      v: 1,
    }));
    spec.given([registered]).when(record(points)).thenThrows(ValidationError, {
      code: 'MEASUREMENTS_TOO_MANY',
      message: 'points holds 5001 points; a batch holds at most 5000',
    });
  });

  it.each([
    [Number.NaN, 'points[1].v is NaN; values must be finite numbers'],
    [Infinity, 'points[1].v is Infinity; values must be finite numbers'],
    [-Infinity, 'points[1].v is -Infinity; values must be finite numbers'],
    ['1.5', 'points[1].v must be a number, got "1.5"'],
    [null, 'points[1].v must be a number, got null'],
    [undefined, 'points[1].v must be a number, got undefined'],
  ])('rejects the value %j, naming the point', (v, message) => {
    spec
      .given([registered])
      .when(record([{ t: NOW, v: 1 }, { t: NOW, v } as MeasurementPointInput]))
      .thenThrows(...invalidPoint(1, 'MEASUREMENT_VALUE_INVALID', message));
  });

  it.each([null, 42, 'point', [NOW, 1]])('rejects the point %j', (point) => {
    spec
      .given([registered])
      .when(record([point as unknown as MeasurementPointInput]))
      .thenThrows(InvalidMeasurementPoint, {
        code: 'MEASUREMENT_POINT_INVALID',
        pointIndex: 0,
        field: 'points[0]',
      });
  });

  it.each([NOW + 0.5, '2024-05-01T12:00:00', '2024-02-30T00:00:00Z', 'yesterday', null, undefined])(
    'rejects the timestamp %j, naming the point',
    (t) => {
      spec
        .given([registered])
        .when(record([{ t: NOW, v: 1 }, { t: NOW, v: 2 }, { t, v: 3 } as MeasurementPointInput]))
        .thenThrows(InvalidMeasurementPoint, {
          code: 'MEASUREMENT_TIMESTAMP_INVALID',
          pointIndex: 2,
          field: 'points[2].t',
        });
    },
  );

  it('rejects a timestamp before 2000', () => {
    spec
      .given([registered])
      .when(record([{ t: '1999-12-31T23:59:59.999Z', v: 1 }]))
      .thenThrows(
        ...invalidPoint(
          0,
          'MEASUREMENT_TIMESTAMP_OUT_OF_RANGE',
          'points[0].t is 1999-12-31T23:59:59.999Z, before the earliest accepted time 2000-01-01T00:00:00.000Z',
        ),
      );
  });

  it('rejects a timestamp too far in the future', () => {
    spec
      .given([registered])
      .when(
        record([
          { t: NOW, v: 1 },
          { t: NOW + 5 * 60_000 + 1, v: 1 },
        ]),
      )
      .thenThrows(
        ...invalidPoint(
          1,
          'MEASUREMENT_TIMESTAMP_OUT_OF_RANGE',
          'points[1].t is 2024-05-01T12:05:00.001Z, more than 300s after now (2024-05-01T12:00:00.000Z)',
        ),
      );
  });

  it('names huge timestamps without failing to print them', () => {
    spec
      .given([registered])
      .when(record([{ t: 1e20, v: 1 }]))
      .thenThrows(InvalidMeasurementPoint, (error) =>
        error.message.startsWith('points[0].t is 100000000000000000000 ms'),
      );
  });
});

describe('measurement limits', () => {
  it('are configurable', () => {
    const strict = DeciderSpecification.for(
      createMeasurementsDecider({ earliestTimestamp: NOW - 60_000, maxFutureSkewMs: 0, maxBatchSize: 2 }),
    );
    strict
      .given([registered])
      .when(
        record([
          { t: NOW, v: 1 },
          { t: NOW, v: 2 },
          { t: NOW, v: 3 },
        ]),
      )
      .thenThrows(ValidationError, { code: 'MEASUREMENTS_TOO_MANY' });
    strict
      .given([registered])
      .when(record([{ t: NOW + 1, v: 1 }]))
      .thenThrows(InvalidMeasurementPoint, { code: 'MEASUREMENT_TIMESTAMP_OUT_OF_RANGE' });
    strict
      .given([registered])
      .when(record([{ t: NOW - 60_001, v: 1 }]))
      .thenThrows(InvalidMeasurementPoint, { code: 'MEASUREMENT_TIMESTAMP_OUT_OF_RANGE' });
    strict
      .given([registered])
      .when(
        record([
          { t: NOW - 60_000, v: 1 },
          { t: NOW, v: 2 },
        ]),
      )
      .then([
        recorded([
          { t: NOW - 60_000, v: 1 },
          { t: NOW, v: 2 },
        ]),
      ]);
  });

  it.each([
    { maxBatchSize: 0 },
    { maxBatchSize: 1.5 },
    { maxFutureSkewMs: -1 },
    { earliestTimestamp: Number.NaN },
  ])('reject nonsense: %j', (limits) => {
    expect(() => resolveMeasurementLimits(limits)).toThrow(RangeError);
  });
});

describe('measurements decider state', () => {
  it('folds the source stream, and skips measurements should they share it', () => {
    const { evolve, initialState } = measurementsDecider;
    const state = [registered, recorded([{ t: NOW, v: 1 }]), retired].reduce(evolve, initialState());
    expect(state).toEqual({ ...registered.data, status: 'retired' });
  });
});

describe('RecordMeasurements properties', () => {
  const earliest = DEFAULT_MEASUREMENT_LIMITS.earliestTimestamp;
  const latest = NOW + DEFAULT_MEASUREMENT_LIMITS.maxFutureSkewMs;
  const instant = fc.integer({ min: earliest, max: latest });
  const point = fc.record({
    t: fc.oneof(
      instant,
      instant.map((t) => new Date(t).toISOString()),
    ),
    v: fc.double({ noNaN: true, noDefaultInfinity: true }),
  });
  const batch = fc.array(point, { minLength: 1, maxLength: 50 });

  it('accepts any finite, in-window batch and stores the same points back', () => {
    const active = measurementsDecider.evolve(measurementsDecider.initialState(), registered);
    fc.assert(
      fc.property(batch, (points) => {
        const expected = points.map(({ t, v }) => ({ t: typeof t === 'number' ? t : Date.parse(t), v }));
        expect(measurementsDecider.decide(record(points), active)).toEqual([recorded(expected)]);
      }),
    );
  });

  it('rejects a batch with one non-finite value, naming its index', () => {
    const poisoned = batch.chain((points) =>
      fc.tuple(
        fc.constant(points),
        fc.integer({ min: 0, max: points.length - 1 }),
        fc.constantFrom(Number.NaN, Infinity, -Infinity),
      ),
    );
    fc.assert(
      fc.property(poisoned, ([points, index, v]) => {
        const bad = points.map((p, i) => (i === index ? { ...p, v } : p));
        spec
          .given([registered])
          .when(record(bad))
          .thenThrows(InvalidMeasurementPoint, { pointIndex: index, code: 'MEASUREMENT_VALUE_INVALID' });
      }),
    );
  });
});

describe('CorrectMeasurements', () => {
  const correct = (
    points: readonly MeasurementPointInput[],
    reason: unknown = 'meter misread',
  ): CorrectMeasurements => ({
    type: 'CorrectMeasurements',
    data: { sourceId: 'meter-1', points, reason: reason as string },
    metadata: { now },
  });
  const corrected = (points: MeasurementPoint[], reason = 'meter misread'): MeasurementsCorrected => ({
    type: 'MeasurementsCorrected',
    data: { sourceId: 'meter-1', points, reason },
  });

  it('corrects values at timestamps, recorded or not, with the reason trimmed', () => {
    spec
      .given([registered, recorded([{ t: NOW - 1000, v: 1 }])])
      .when(
        correct(
          [
            { t: NOW - 1000, v: 1.25 },
            { t: '2024-05-01T11:00:00Z', v: 3 },
          ],
          '  unit mix-up ',
        ),
      )
      .then([
        corrected(
          [
            { t: NOW - 1000, v: 1.25 },
            { t: NOW - 3_600_000, v: 3 },
          ],
          'unit mix-up',
        ),
      ]);
  });

  it('holds corrections to the rules of recording: finite values, sane timestamps', () => {
    spec
      .given([registered])
      .when(correct([{ t: NOW, v: Number.NaN }]))
      .thenThrows(
        ...invalidPoint(0, 'MEASUREMENT_VALUE_INVALID', 'points[0].v is NaN; values must be finite numbers'),
      );
    spec
      .given([registered])
      .when(correct([{ t: NOW + 3_600_000, v: 1 }]))
      .thenThrows(InvalidMeasurementPoint, { pointIndex: 0, code: 'MEASUREMENT_TIMESTAMP_OUT_OF_RANGE' });
    spec.given([registered]).when(correct([])).thenThrows(ValidationError, { code: 'MEASUREMENTS_EMPTY' });
  });

  it('needs a reason', () => {
    spec
      .given([registered])
      .when(correct([{ t: NOW, v: 1 }], '   '))
      .thenThrows(ValidationError, { code: 'CORRECTION_REASON_INVALID', field: 'reason' });
    spec
      .given([registered])
      .when(correct([{ t: NOW, v: 1 }], null))
      .thenThrows(ValidationError, { code: 'CORRECTION_REASON_INVALID', field: 'reason' });
  });

  it('corrects nothing of an unknown or retired source', () => {
    spec
      .given([])
      .when(correct([{ t: NOW, v: 1 }]))
      .thenThrows(NotFoundError, { code: 'SOURCE_NOT_REGISTERED' });
    spec
      .given([registered, retired])
      .when(correct([{ t: NOW, v: 1 }]))
      .thenThrows(ConflictError, { code: 'SOURCE_RETIRED' });
  });
});
