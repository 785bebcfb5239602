import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTED = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Fastify's request id: the caller's correlation id when it sent a sane one (so a producer's retries and
 * logs line up with ours), else a fresh one. Logs carry it as `reqId`, events as `metadata.correlationId`.
 */
export function correlationIdOf(request: IncomingMessage): string {
  const given = request.headers[CORRELATION_HEADER];
  return typeof given === 'string' && ACCEPTED.test(given) ? given : randomUUID();
}
