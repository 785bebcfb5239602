import { LRUCache } from 'lru-cache';

export interface TokenBucketLimits {
  /** Requests a caller may make at once after being idle (the burst). */
  capacity: number;
  /** Requests per second a caller may sustain. */
  refillPerSecond: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * One token bucket per caller (the command and query APIs key it by tenant and client or subject), refilled
 * continuously. rate-limiter-flexible and @nestjs/throttler count fixed windows, which let a caller send
 * twice the rate across a window edge; a bucket is twelve lines. Idle buckets are full, and a full bucket
 * is the same as none, so evicting them (LRU) forgets nothing.
 */
export class TokenBuckets {
  private readonly buckets = new LRUCache<string, Bucket>({ max: 100_000 });

  constructor(
    private readonly limits: TokenBucketLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token for `key`; when none is left, says how many seconds until one is. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    const { capacity, refillPerSecond } = this.limits;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * refillPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond)),
    };
  }
}
