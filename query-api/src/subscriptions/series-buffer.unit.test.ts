import { describe, expect, it } from 'vitest';
import {
  bufferSeries,
  foldSeries,
  pendingMessage,
  seriesMessage,
  sharedSeriesUpdate,
} from './series-buffer.js';
import { isShared } from './shared-message.js';

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
    expect(buffer).toEqual({ kind: 'buffer', sources: new Map(), points: 0, gap: true });
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

  it('hands a change as it is to a subscriber with nothing waiting: one shared message for all of them', () => {
    const update = sharedSeriesUpdate(new Map([['m1', [point(2, 2), point(1, 1)]]]), false, 10, 'RAW', 'AVG');
    const first = foldSeries(undefined, update, 10);
    const second = foldSeries(undefined, update, 10);
    expect(first).toBe(update);
    expect(pendingMessage(first, 'RAW', 'AVG')).toBe(pendingMessage(second, 'RAW', 'AVG'));
    expect(isShared(update.message)).toBe(true);
    expect(update.message.changes[0]!.points.map((p) => p.t)).toEqual([1, 2]);
  });

  it('folds later changes into a copy of its own, leaving the shared update as it was', () => {
    const first = sharedSeriesUpdate(new Map([['m1', [point(1, 1)]]]), false, 10, 'RAW', 'AVG');
    const second = sharedSeriesUpdate(
      new Map([['m1', [point(1, 10), point(2, 2)]]]),
      false,
      10,
      'RAW',
      'AVG',
    );
    const folded = foldSeries(foldSeries(undefined, first, 10), second, 10);
    expect(folded.kind).toBe('buffer');
    const message = pendingMessage(folded, 'RAW', 'AVG');
    expect(isShared(message)).toBe(false);
    expect(message.changes[0]!.points.map((p) => [p.t, p.value])).toEqual([
      [1, 10],
      [2, 2],
    ]);
    expect(first.message.changes[0]!.points.map((p) => [p.t, p.value])).toEqual([[1, 1]]);
    expect(first.buffer.points).toBe(1);
  });

  it('bounds shared updates and folds alike: past capacity only `gap`', () => {
    const big = sharedSeriesUpdate(
      new Map([['m1', [point(1, 1), point(2, 2), point(3, 3)]]]),
      false,
      2,
      'RAW',
      'AVG',
    );
    expect(big.message).toEqual({ gap: true, changes: [] });
    const small = sharedSeriesUpdate(new Map([['m1', [point(1, 1), point(2, 2)]]]), false, 3, 'RAW', 'AVG');
    const more = sharedSeriesUpdate(new Map([['m1', [point(3, 3), point(4, 4)]]]), false, 3, 'RAW', 'AVG');
    expect(pendingMessage(foldSeries(small, more, 3), 'RAW', 'AVG')).toEqual({ gap: true, changes: [] });
  });
});
