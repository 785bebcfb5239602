import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { fail } from './problem.js';

/**
 * The stream version the caller last saw (`If-Match: "3"` or `If-Match: 3`), when it wants its change
 * refused (409) rather than applied over someone else's. Absent: the change is decided on the current state.
 */
export const IfMatchVersion = createParamDecorator(
  (_: unknown, context: ExecutionContext): number | undefined => {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
    if (header === undefined) return undefined;
    const match = typeof header === 'string' ? /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header) : null;
    if (!match) {
      throw fail(400, 'IF_MATCH_INVALID', 'If-Match must be a stream version, e.g. "3"', 'If-Match');
    }
    return Number(match[1]);
  },
);
