import { describe, expect, it } from 'vitest';
import { projectionView } from './projection-view.js';

const status = (position: bigint, head: bigint, state = 'building') => ({
  name: 'timeseries',
  version: 2,
  status: state,
  position,
  head,
  eventsApplied: 10,
  error: null,
  startedAt: new Date(0),
  updatedAt: new Date(0),
});

describe('a projection as ops see it', () => {
  it('says how far behind the log it is and how far a rebuild has come', () => {
    expect(projectionView(status(250n, 1_000n))).toMatchObject({
      status: 'BUILDING',
      lag: 750n,
      progress: 0.25,
      eventsApplied: 10n,
    });
    expect(projectionView(status(0n, 0n, 'live'))).toMatchObject({ status: 'LIVE', lag: 0n, progress: 1 });
    expect(projectionView(status(2n ** 62n, 2n ** 62n, 'live')).progress).toBe(1);
  });
});
