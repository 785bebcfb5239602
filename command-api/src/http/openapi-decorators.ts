import { openApiSchema } from './openapi-schema.js';
import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';

export const ProblemSchema = Type.Object({
  status: Type.Integer(),
  code: Type.String({ description: 'Stable, machine-readable' }),
  title: Type.String(),
  detail: Type.String({ description: 'What is wrong, for a human' }),
  field: Type.Optional(Type.String({ description: 'The offending field, header or path parameter' })),
});

export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description:
      'Unique per request (1-128 printable ASCII). A retry with the same key and body returns the first ' +
      'answer (header Idempotent-Replayed: true) and appends nothing; the same key with another body is 422.',
  });

/** The problem answers every command route can give, plus the route's own. */
export const ApiCommandErrors = (...more: number[]) =>
  applyDecorators(
    ...[400, 401, 403, 404, 409, 422, 429, ...more].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], content: problemContent }),
    ),
  );

const problemContent = { 'application/problem+json': { schema: openApiSchema(ProblemSchema) } };

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request: bad JSON, a missing or invalid header',
  401: 'No valid access token',
  403: 'The token lacks the role this needs',
  404: 'No such resource in the caller’s tenant',
  409: 'The current state does not allow it, or a version conflict (If-Match)',
  413: 'Body or point count over the limit',
  422: 'A field is invalid (named in `field`), or the Idempotency-Key was used with another body',
  429: 'Rate limited: retry after the Retry-After header',
};
