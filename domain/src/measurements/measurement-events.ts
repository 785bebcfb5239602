import type { Event } from '../events/event.js';
import { defineEventType } from '../events/event-type.js';

/** A stored point: `t` is always integer epoch milliseconds (UTC), whatever the producer sent. */
export interface MeasurementPoint {
  t: number;
  v: number;
}

export type MeasurementsRecorded = Event<
  'MeasurementsRecorded',
  { sourceId: string; points: MeasurementPoint[] }
>;

/**
 * The value at each of `points`' timestamps is `v` from now on, replacing what was recorded there (or
 * adding the point, if none was). Earlier events keep what was known then: reading as of an earlier
 * position shows the old values.
 */
export type MeasurementsCorrected = Event<
  'MeasurementsCorrected',
  { sourceId: string; points: MeasurementPoint[]; reason: string }
>;

export type MeasurementsEvent = MeasurementsRecorded | MeasurementsCorrected;

export const measurementsEventTypes = [
  defineEventType<MeasurementsRecorded>({ type: 'MeasurementsRecorded', schemaVersion: 1 }),
  defineEventType<MeasurementsCorrected>({ type: 'MeasurementsCorrected', schemaVersion: 1 }),
] as const;
