import { describe, expect, it } from 'vitest';
import { projectionView } from './projection-view.js';

const status = (position: bigint, head: bigint, state = 'building') => ({
  name: 'timeseries',
  version: 2,
  generation: 1,
  status: state,
  position,
  head,
  eventsApplied: 10,
  error: null,
  requestedBy: null,
  cancelledBy: null,
  startedAt: new Date(0),
  switchedAt: null,
  updatedAt: new Date(0),
});

describe('a projection as ops see it', () => {
  it('says how far behind the log it is and how far a rebuild has come', () => {
    expect(projectionView(status(250n, 1_000n))).toMatchObject({
      status: 'BUILDING',
      lag: 750n,
      progress: 0.25,
      eventsApplied: 10n,
      stage: null,
      bulk: null,
    });
    expect(projectionView(status(0n, 0n, 'live'))).toMatchObject({ status: 'LIVE', lag: 0n, progress: 1 });
    expect(projectionView(status(2n ** 62n, 2n ** 62n, 'live')).progress).toBe(1);
  });

  it('shows a rebuild not taken up yet as not begun, and a bulk build by its units', () => {
    expect(projectionView({ ...status(0n, 0n, 'requested'), generation: 2 })).toMatchObject({
      status: 'REQUESTED',
      generation: 2,
      progress: 0,
    });
    const bulk = { built: 3, units: 8, pointsBuilt: 3_000_000, points: 8_100_000 };
    expect(projectionView({ ...status(900n, 1_000n), stage: 'units', bulk })).toMatchObject({
      stage: 'UNITS',
      bulk: { unitsBuilt: 3, units: 8, pointsBuilt: 3_000_000n, points: 8_100_000n },
    });
  });
});
