import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { COMMAND_API_CONFIG } from '../app/injection-tokens.js';
import type { CommandApiConfig } from '../app/command-api-config.js';
import { ProblemException, problem } from '../http/problem.js';
import { TokenBuckets } from '@chronicle/identity';

/** Per-client rate limit, after authentication: the client is the token's tenant and client id. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly buckets: TokenBuckets;

  constructor(@Inject(COMMAND_API_CONFIG) config: CommandApiConfig) {
    this.buckets = new TokenBuckets(config.rateLimit);
  }

  canActivate(context: ExecutionContext): boolean {
    const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
    if (!caller) return true; // public routes
    const verdict = this.buckets.take(`${caller.tenant}/${caller.clientId}`);
    if (verdict.allowed) return true;
    throw new ProblemException(
      problem(
        429,
        'RATE_LIMITED',
        `client ${caller.clientId} sent more requests than its limit; retry after ${verdict.retryAfterSeconds} s`,
      ),
      { 'retry-after': String(verdict.retryAfterSeconds) },
    );
  }
}
