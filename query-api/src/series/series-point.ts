import type { SeriesPoint as StoredPoint } from '@chronicle/projectors';
import type { Aggregate, SeriesPoint } from '../graphql/schema-types.generated.js';

/** A raw point or bucket as the API answers it: every aggregate, and `value` the one asked for. */
export function seriesPoint(point: StoredPoint, aggregate: Aggregate): SeriesPoint {
  return { ...point, value: pick(point, aggregate) };
}

function pick(point: StoredPoint, aggregate: Aggregate): number {
  switch (aggregate) {
    case 'AVG':
      return point.avg;
    case 'MIN':
      return point.min;
    case 'MAX':
      return point.max;
    case 'FIRST':
      return point.first;
    case 'LAST':
      return point.last;
    case 'COUNT':
      return point.count;
  }
}
