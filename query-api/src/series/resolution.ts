import { DAY, HOUR, MINUTE, type Resolution } from '@chronicle/projectors';
import type { Resolution as ResolutionName } from '../graphql/schema-types.generated.js';

const BY_NAME: Record<ResolutionName, Resolution> = { RAW: 'raw', MINUTE: '1m', HOUR: '1h', DAY: '1d' };
const NAMES: Record<Resolution, ResolutionName> = { raw: 'RAW', '1m': 'MINUTE', '1h': 'HOUR', '1d': 'DAY' };

/** Bucket width in ms as the rollups table keys it; 0 stands for raw points. */
export const WIDTH_MS: Record<Resolution, number> = { raw: 0, '1m': MINUTE, '1h': HOUR, '1d': DAY };

export const resolutionOf = (name: ResolutionName): Resolution => BY_NAME[name];
export const resolutionName = (resolution: Resolution): ResolutionName => NAMES[resolution];

/** The finest rollup whose bucket count over [from, to) fits the budget (raw points being too many). */
export function finestRollupFitting(from: number, to: number, maxPoints: number): Resolution {
  const span = Math.max(1, to - from);
  if (span / MINUTE <= maxPoints) return '1m';
  if (span / HOUR <= maxPoints) return '1h';
  return '1d';
}
