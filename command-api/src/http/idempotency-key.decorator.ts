import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { fail } from './problem.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/**
 * The Idempotency-Key every POST must carry: a retry with the same key and body gets the first answer and
 * changes nothing; the same key with another body is refused (422).
 */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const key = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (key === undefined) {
    throw fail(
      400,
      'IDEMPOTENCY_KEY_MISSING',
      'every POST needs an Idempotency-Key header',
      'Idempotency-Key',
    );
  }
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw fail(
      400,
      'IDEMPOTENCY_KEY_INVALID',
      'the Idempotency-Key must be 1-128 printable ASCII characters without spaces',
      'Idempotency-Key',
    );
  }
  return key;
});
