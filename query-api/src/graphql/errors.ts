import { GraphQLError } from 'graphql';

/**
 * The error codes clients see in `extensions.code`, besides graphql's and Apollo's own
 * (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST). Every refusal of a request is one of
 * these, never an INTERNAL_SERVER_ERROR.
 */
export type QueryErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE';

/**
 * A refusal with its code; `status` is the HTTP status Apollo answers with when the error ends the whole
 * request (authentication, rate limit), and is left out of what clients see.
 */
export function queryError(
  code: QueryErrorCode,
  message: string,
  http?: { status: number; headers?: Record<string, string> },
): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code,
      ...(http
        ? { http: { status: http.status, headers: new Map(Object.entries(http.headers ?? {})) } }
        : {}),
    },
  });
}

export const unauthenticated = (message: string) =>
  queryError('UNAUTHENTICATED', message, {
    status: 401,
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  });

/** A field the caller may not read: the operation's other fields still answer (HTTP 200). */
export const forbidden = (message: string) => queryError('FORBIDDEN', message);

export const badInput = (message: string) => queryError('BAD_USER_INPUT', message);

export const notFound = (message: string) => queryError('NOT_FOUND', message);

/** A request that the state of things refuses (a rebuild while one is under way): HTTP's 409, as a field error. */
export const conflict = (message: string) => queryError('CONFLICT', message);
