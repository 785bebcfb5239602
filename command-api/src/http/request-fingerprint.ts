import type { FastifyRequest } from 'fastify';

/**
 * What makes two requests the same for an Idempotency-Key: method, path and the body as parsed (so a
 * retry that re-serialises the same JSON differently still matches).
 */
export function requestFingerprint(request: FastifyRequest, body: unknown): string {
  return `${request.method} ${request.url}\n${JSON.stringify(body)}`;
}
