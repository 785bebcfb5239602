import type http from 'node:http';

/**
 * Cross-origin calls from the dashboard's origins. Tokens travel in the Authorization header, never in
 * cookies, so allowing an origin lets its scripts send the tokens they hold and nothing more.
 */
export function applyCors(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  allowedOrigins: readonly string[],
): 'preflight' | 'continue' {
  const origin = request.headers.origin;
  if (origin && allowedOrigins.includes(origin)) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'origin');
    if (request.method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      response.setHeader(
        'access-control-allow-headers',
        'authorization, content-type, apollo-require-preflight',
      );
      response.setHeader('access-control-max-age', '600');
    }
  }
  return request.method === 'OPTIONS' ? 'preflight' : 'continue';
}
