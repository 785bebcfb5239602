import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets.js';

describe('TokenBuckets', () => {
  it('allows a burst up to capacity, then refills at the sustained rate', () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 3, refillPerSecond: 2 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 500; // half a second: one token back
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    now = 60_000; // long idle: full again, never above capacity
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per client', () => {
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1 }, () => 0);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b').allowed).toBe(true);
  });

  it('says how long to wait at a slow rate', () => {
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 0.1 }, () => 0);
    buckets.take('a');
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });
});
