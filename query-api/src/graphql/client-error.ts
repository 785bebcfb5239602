import { GraphQLError, type GraphQLFormattedError } from 'graphql';

const INTERNAL: GraphQLFormattedError = {
  message: 'Internal server error',
  extensions: { code: 'INTERNAL_SERVER_ERROR' },
};

/**
 * An error as an HTTP client sees it (Apollo's formatError). Refusals keep their message and code (the
 * HTTP status they carry for Apollo stays inside); an error Apollo could not classify is ours, not the
 * client's: logged, and answered without its details.
 */
export function clientError(
  formatted: GraphQLFormattedError,
  original: unknown,
  logInternal: (error: unknown) => void,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
    logInternal(original);
    return INTERNAL;
  }
  const { http: _http, stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}

/**
 * The same over a WebSocket, where errors come straight from graphql-js: one that wraps a thrown
 * non-GraphQL error is ours (internal); one graphql-js raised about the request itself (say, a variable of
 * the wrong type) is the client's.
 */
export function socketClientError(
  error: GraphQLError,
  logInternal: (error: unknown) => void,
): GraphQLFormattedError {
  const original = error.originalError;
  if (error.extensions.code === undefined && original && !(original instanceof GraphQLError)) {
    logInternal(original);
    return INTERNAL;
  }
  const { http: _http, ...extensions } = error.extensions;
  return { ...error.toJSON(), extensions: { ...extensions, code: extensions.code ?? 'BAD_USER_INPUT' } };
}
