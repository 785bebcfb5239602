import { describe, expect, it } from 'vitest';
import { mergePoints, toColumns } from './series-points.js';
import { fetchWindow, windowAt } from './time-range.js';

const p = (t: number, value: number) => ({ t, value });

describe('mergePoints', () => {
  it('appends newer points and replaces a bucket pushed again', () => {
    expect(mergePoints([p(1, 1), p(2, 2)], [p(2, 20), p(3, 3)], 0)).toEqual([p(1, 1), p(2, 20), p(3, 3)]);
  });

  it('drops what slid out of the window and keeps time order for a late point', () => {
    expect(mergePoints([p(1, 1), p(5, 5)], [p(3, 3), p(0, 0)], 2)).toEqual([p(3, 3), p(5, 5)]);
  });

  it('appends a newer tail without rebuilding, cutting what slid out of the window', () => {
    expect(mergePoints([p(1, 1), p(2, 2), p(3, 3)], [p(4, 4), p(5, 5)], 2)).toEqual([
      p(2, 2),
      p(3, 3),
      p(4, 4),
      p(5, 5),
    ]);
    expect(mergePoints([], [p(1, 1), p(2, 2)], 2)).toEqual([p(2, 2)]);
  });

  it('gives uPlot seconds, with a break where values stopped coming', () => {
    expect(toColumns([p(2000, 7)])).toEqual([[2], [7]]);
    expect(toColumns([p(1000, 1), p(2000, 2), p(10_000, 3)], 5000)).toEqual([
      [1, 2, 6, 10],
      [1, 2, null, 3],
    ]);
  });
});

describe('time ranges', () => {
  it('slides a preset with the clock and keeps a custom range', () => {
    expect(windowAt({ kind: 'preset', preset: '15m' }, 900_000)).toEqual({ from: 0, to: 900_000 });
    expect(windowAt({ kind: 'custom', from: 1, to: 2 }, 900_000)).toEqual({ from: 1, to: 2 });
  });

  it('fetches a preset in steps, covering the window at any moment of the step', () => {
    const range = { kind: 'preset', preset: '1h' } as const;
    const a = fetchWindow(range, 3_600_000 + 1);
    const b = fetchWindow(range, 3_600_000 + 59_000);
    expect(a).toEqual(b);
    expect(a.from).toBeLessThanOrEqual(59_000);
    expect(a.to).toBeGreaterThan(3_600_000 + 59_000);
  });
});
