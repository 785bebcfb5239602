import type { Command, CommandClock } from '../decider/command.js';

/** A point as producers send it: `t` is integer epoch milliseconds or an RFC 3339 string with a zone. */
export interface MeasurementPointInput {
  readonly t: number | string;
  readonly v: number;
}

/** `metadata.now` anchors the accepted time window; deciders never read the clock themselves. */
export type RecordMeasurements = Command<
  'RecordMeasurements',
  { sourceId: string; points: readonly MeasurementPointInput[] },
  CommandClock
>;

/** Sets the value at each timestamp (a meter misread, a unit mix-up), with the reason auditors will see. */
export type CorrectMeasurements = Command<
  'CorrectMeasurements',
  { sourceId: string; points: readonly MeasurementPointInput[]; reason: string },
  CommandClock
>;

export type MeasurementsCommand = RecordMeasurements | CorrectMeasurements;
