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

export type MeasurementsEvent = MeasurementsRecorded;

export const measurementsEventTypes = [
  defineEventType<MeasurementsRecorded>({ type: 'MeasurementsRecorded', schemaVersion: 1 }),
] as const;
