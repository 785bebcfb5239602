import type { GraphQLError } from 'graphql';
import type { Caller } from '../auth/caller.js';
import { queryError } from '../graphql/errors.js';
import { TokenBuckets, type TokenBucketLimits } from '@chronicle/identity';

/**
 * Operations per caller (tenant and subject, so a fresh token does not reset it), HTTP requests and
 * WebSocket operations alike. Per process, as in the command API.
 */
export class CallerRateLimit {
  private readonly buckets: TokenBuckets;

  constructor(limits: TokenBucketLimits, now?: () => number) {
    this.buckets = new TokenBuckets(limits, now);
  }

  /** Takes one operation's token; the refusal (429 with Retry-After over HTTP) when none is left. */
  check(caller: Caller): GraphQLError | undefined {
    const taken = this.buckets.take(`${caller.tenant}\u0000${caller.subject}`);
    if (taken.allowed) return undefined;
    return queryError('RATE_LIMITED', `too many operations: try again in ${taken.retryAfterSeconds} s`, {
      status: 429,
      headers: { 'retry-after': String(taken.retryAfterSeconds) },
    });
  }
}
