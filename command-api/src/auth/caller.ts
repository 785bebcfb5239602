import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { VerifiedToken } from '@chronicle/identity';
import type { FastifyRequest } from 'fastify';

/** The verified caller of a request: its tenant comes from the token's issuer, never from the request. */
export type Caller = VerifiedToken;

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/** The caller the AccessGuard verified; routes that take it are never public. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a route without authentication');
  return caller;
});
