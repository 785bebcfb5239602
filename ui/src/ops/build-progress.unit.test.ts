import { describe, expect, it } from 'vitest';
import type { Projection } from '../graphql/operations.js';
import { buildProgress, formatDuration, nextSamples, type Samples } from './build-progress.js';

const build = (fields: Partial<Projection>): Projection => ({
  name: 'timeseries',
  version: 1,
  generation: 2,
  status: 'BUILDING',
  position: '0',
  head: '1000',
  lag: '1000',
  eventsApplied: '0',
  progress: 0,
  stage: 'REPLAYING',
  bulk: null,
  error: null,
  requestedBy: null,
  cancelledBy: null,
  startedAt: '2026-12-01T10:00:00.000Z',
  switchedAt: null,
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...fields,
});

describe("a build's progress as ops see it", () => {
  it('measures the replay by the log, with events per second and the time left', () => {
    let samples: Samples = new Map();
    samples = nextSamples(
      samples,
      [build({ eventsApplied: '100', position: '100', lag: '900', progress: 0.1 })],
      0,
    );
    const now = build({ eventsApplied: '300', position: '300', lag: '700', progress: 0.3 });
    samples = nextSamples(samples, [now], 2_000);
    expect(buildProgress(now, samples.get('timeseries@1.2'))).toEqual({
      stage: 'replaying',
      percent: 30,
      rate: { perSecond: 100, unit: 'events' },
      etaSeconds: 7,
    });
  });

  it('measures the units by their points once the replay is done, and gives no rate from one message', () => {
    const units = build({
      stage: 'UNITS',
      position: '1000',
      lag: '0',
      progress: 1,
      bulk: { unitsBuilt: 1, units: 4, pointsBuilt: '250000', points: '1000000' },
    });
    expect(buildProgress(units, [])).toEqual({ stage: 'units', percent: 25 });
    let samples: Samples = nextSamples(new Map(), [units], 0);
    const later = build({
      ...units,
      bulk: { unitsBuilt: 2, units: 4, pointsBuilt: '500000', points: '1000000' },
    });
    samples = nextSamples(samples, [later], 1_000);
    expect(buildProgress(later, samples.get('timeseries@1.2'))).toMatchObject({
      stage: 'units',
      percent: 50,
      rate: { perSecond: 250_000, unit: 'points' },
      etaSeconds: 2,
    });
  });

  it('says a requested build waits, a serving one is done, and forgets builds that stopped', () => {
    expect(buildProgress(build({ status: 'REQUESTED' }))).toEqual({ stage: 'waiting', percent: 0 });
    expect(buildProgress(build({ status: 'LIVE', progress: 1 }))).toEqual({ stage: 'serving', percent: 100 });
    // A serving copy far behind the log says so.
    expect(buildProgress(build({ status: 'LIVE', progress: 0.42 }))).toEqual({
      stage: 'serving',
      percent: 42,
    });
    expect(buildProgress(build({ stage: 'CATCHING_UP', progress: 0.99 }))).toMatchObject({
      stage: 'catching-up',
      percent: 99,
    });
    expect(buildProgress(build({ status: 'CANCELLED', progress: 0.4 }))).toEqual({
      stage: 'stopped',
      percent: 40,
    });
    const samples = nextSamples(nextSamples(new Map(), [build({})], 0), [build({ status: 'LIVE' })], 1000);
    expect(samples.size).toBe(0);
  });

  it('words the time left', () => {
    expect([formatDuration(0.2), formatDuration(42), formatDuration(600), formatDuration(7200)]).toEqual([
      'about 1 s',
      'about 42 s',
      'about 10 min',
      'about 2 h',
    ]);
  });
});
