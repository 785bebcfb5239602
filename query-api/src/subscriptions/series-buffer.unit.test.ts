import { describe, expect, it } from 'vitest';
import { bufferSeries, seriesMessage } from './series-buffer.js';

const point = (t: number, v: number, count = 1) => ({ t, count, min: v, max: v, avg: v, first: v, last: v });

describe('a series subscriber’s buffer', () => {
  it('coalesces: a point read again replaces the one waiting, and messages list points in time order', () => {
    let buffer = bufferSeries(undefined, new Map([['m1', [point(2_000, 2), point(1_000, 1)]]]), false, 10);
    buffer = bufferSeries(
      buffer,
      new Map([
        ['m1', [point(2_000, 20, 2)]],
        ['m2', [point(1_000, 5)]],
      ]),
      false,
      10,
    );
    expect(buffer.points).toBe(3);
    expect(seriesMessage(buffer, 'RAW', 'MAX')).toEqual({
      gap: false,
      changes: [
        {
          sourceId: 'm1',
          resolution: 'RAW',
          points: [
            { ...point(1_000, 1), value: 1 },
            { ...point(2_000, 20, 2), value: 20 },
          ],
        },
        { sourceId: 'm2', resolution: 'RAW', points: [{ ...point(1_000, 5), value: 5 }] },
      ],
    });
  });

  it('stays bounded: past its capacity it drops what waits and says `gap`', () => {
    let buffer = bufferSeries(undefined, new Map([['m1', [point(1, 1), point(2, 2)]]]), false, 3);
    buffer = bufferSeries(buffer, new Map([['m1', [point(3, 3), point(4, 4)]]]), false, 3);
    expect(buffer).toEqual({ sources: new Map(), points: 0, gap: true });
    // What comes after the gap is kept, and the gap stays said until sent.
    buffer = bufferSeries(buffer, new Map([['m1', [point(5, 5)]]]), false, 3);
    expect(seriesMessage(buffer, 'RAW', 'AVG')).toMatchObject({
      gap: true,
      changes: [{ points: [{ t: 5 }] }],
    });
  });

  it('passes a gap on even with no points', () => {
    expect(seriesMessage(bufferSeries(undefined, new Map(), true, 3), 'MINUTE', 'AVG')).toEqual({
      gap: true,
      changes: [],
    });
  });
});
