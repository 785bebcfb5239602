import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '@chronicle/domain';
import { IdempotencyKeyReused, InvalidAppend, WrongExpectedVersion } from '@chronicle/eventstore';
import { AccessDenied, TokenRejected } from '@chronicle/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException, problem, type Problem } from './problem.js';

/**
 * The one place errors become HTTP answers. Known failures map to 4xx problem documents that name what is
 * wrong; anything else is our fault: logged with the request's correlation id and answered 500 without
 * internals.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { body, headers } = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: body.status, code: body.code, field: body.field }, body.detail);
    void reply
      .status(body.status)
      .headers({ ...headers, 'content-type': 'application/problem+json' })
      .send(body);
  }
}

export function toProblem(error: unknown): { body: Problem; headers: Record<string, string> } {
  if (error instanceof ProblemException) return { body: error.problem, headers: error.headers };
  return { body: mapError(error), headers: {} };
}

function mapError(error: unknown): Problem {
  if (error instanceof ValidationError) return problem(422, error.code, error.message, error.field);
  if (error instanceof NotFoundError) return problem(404, error.code, error.message);
  if (error instanceof ConflictError) return problem(409, error.code, error.message);
  if (error instanceof DomainError) return problem(422, error.code, error.message);
  if (error instanceof WrongExpectedVersion) {
    return problem(409, 'VERSION_CONFLICT', `${error.message}; reload and try again`);
  }
  if (error instanceof IdempotencyKeyReused) {
    return problem(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was already used with a different request; use a new key for a new request',
      'Idempotency-Key',
    );
  }
  if (error instanceof InvalidAppend) return problem(422, error.code.toUpperCase(), error.message);
  if (error instanceof TokenRejected) return problem(401, 'TOKEN_REJECTED', error.message);
  if (error instanceof AccessDenied) return problem(403, 'FORBIDDEN', error.message);
  const fastify = fastifyProblem(error);
  if (fastify) return fastify;
  if (error instanceof HttpException) {
    // Nest wraps Fastify's own refusals (body too large, malformed JSON); answer those by their cause.
    const cause = fastifyProblem(error.cause);
    if (cause) return cause;
    const status = error.getStatus();
    if (status < 500) return problem(status, 'HTTP_' + status, error.message);
  }
  return problem(500, 'INTERNAL', 'the server failed to handle this request; it has been logged');
}

/** Fastify rejects some requests before Nest sees them (body too large, bad JSON, wrong content type). */
function fastifyProblem(error: unknown): Problem | undefined {
  const { code, statusCode, message } = (error ?? {}) as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
  };
  if (error instanceof SyntaxError && statusCode === 400) {
    return problem(400, 'MALFORMED_JSON', `the body is not valid JSON: ${error.message}`, 'body');
  }
  if (typeof code !== 'string' || !code.startsWith('FST_') || typeof statusCode !== 'number')
    return undefined;
  if (statusCode >= 500) return undefined;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'BODY_TOO_LARGE', String(message), 'body');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', 'Content-Type');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, 'MALFORMED_JSON', `the body is not valid JSON: ${String(message)}`, 'body');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'BODY_EMPTY', 'the body is empty; send a JSON document', 'body');
    default:
      return problem(statusCode, code.replace(/^FST_ERR_/, ''), String(message));
  }
}
