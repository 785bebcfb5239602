import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

describe('Batcher', () => {
  it('is full at the batch size and cuts requests of at most that many points, several sources each', () => {
    const batcher = new Batcher(3);
    batcher.add('a', { t: 1, v: 1 });
    batcher.add('b', { t: 1, v: 2 });
    expect(batcher.full).toBe(false);
    batcher.add('a', { t: 2, v: 3 });
    batcher.add('a', { t: 3, v: 4 });
    expect(batcher.full).toBe(true);
    const requests = batcher.cut();
    expect(requests.map((request) => [request.points, JSON.parse(request.body)])).toEqual([
      [
        3,
        {
          batches: [
            {
              sourceId: 'a',
              points: [
                { t: 1, v: 1 },
                { t: 2, v: 3 },
                { t: 3, v: 4 },
              ],
            },
          ],
        },
      ],
      [1, { batches: [{ sourceId: 'b', points: [{ t: 1, v: 2 }] }] }],
    ]);
    expect(new Set(requests.map((request) => request.key)).size).toBe(2);
    expect(batcher.size).toBe(0);
    expect(batcher.cut()).toEqual([]);
  });
});
