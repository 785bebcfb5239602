import { describe, expect, it } from 'vitest';
import { timeMoments, versionMoments } from './stream-moments.js';

describe('time-travel stops', () => {
  it('are every version of a listed stream, and one before its first event', () => {
    const moments = versionMoments([
      { streamVersion: 1, position: '10', recordedAt: '2026-01-01T00:00:00.000Z' },
      { streamVersion: 2, position: '42', recordedAt: '2026-01-01T00:01:00.000Z' },
    ]);
    expect(moments.map((moment) => [moment.version, moment.asOf])).toEqual([
      [0, { position: '9' }],
      [1, { position: '10' }],
      [2, { position: '42' }],
    ]);
  });

  it('are times spread over a long stream, ending at its newest event', () => {
    const moments = timeMoments(0, 1000, 3);
    expect(moments.map((moment) => moment.at)).toEqual([0, 500, 1000]);
    expect(moments.at(-1)!.asOf).toEqual({ time: new Date(1000).toISOString() });
  });
});
