import { ValidationError } from '../decider/domain-error.js';

/** One point of a batch is wrong; the whole batch is rejected, and the error says which point and why. */
export class InvalidMeasurementPoint extends ValidationError {
  override name = 'InvalidMeasurementPoint';

  constructor(
    code: string,
    message: string,
    /** Index of the offending point in `points`. */
    readonly pointIndex: number,
    property?: 't' | 'v',
  ) {
    const field = property === undefined ? `points[${pointIndex}]` : `points[${pointIndex}].${property}`;
    super(code, `${field} ${message}`, field);
  }
}
