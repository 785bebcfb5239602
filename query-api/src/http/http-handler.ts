import type http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { QueryContext } from '../graphql/query-context.js';
import { applyCors } from './cors.js';
import { readBody } from './read-body.js';

export interface HttpHandlerOptions {
  apollo: () => ApolloServer<QueryContext>;
  /** Builds an operation's context from its request: authenticates, takes a rate-limit token. */
  contextFor: (request: http.IncomingMessage) => Promise<QueryContext>;
  bodyLimitBytes: number;
  corsOrigins: readonly string[];
  /** Readiness: resolves when the database answers and the change feed listens. */
  ready: () => Promise<boolean>;
  /** `GET /export/events`: the audit log as NDJSON. */
  exportEvents: (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => Promise<void>;
  logInternal: (error: unknown) => void;
}

/**
 * The HTTP side: `/graphql` through Apollo, `/export/events` (NDJSON), `/healthz` and `/readyz` for probes. Bodies are read here,
 * bounded (a document over the limit is answered 413 without being read in full) and parsed, so no
 * malformed request reaches Apollo as anything but a clear 4xx.
 */
export function httpHandler(options: HttpHandlerOptions): http.RequestListener {
  return (request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logInternal(error);
      if (!response.headersSent)
        respond(response, 500, refusal('INTERNAL_SERVER_ERROR', 'Internal server error'));
      else response.destroy();
    });
  };

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://query-api');
    if (url.pathname === '/healthz') return respond(response, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      const ready = await options.ready().catch(() => false);
      return respond(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/export/events') {
      return respond(response, 404, refusal('NOT_FOUND', 'the API is at /graphql'));
    }
    if (applyCors(request, response, options.corsOrigins) === 'preflight') {
      response.statusCode = 204;
      return void response.end();
    }
    if (url.pathname === '/export/events') {
      if (request.method !== 'GET') {
        response.setHeader('allow', 'GET');
        return respond(response, 405, refusal('METHOD_NOT_ALLOWED', 'use GET'));
      }
      return options.exportEvents(request, response, url);
    }
    if (request.method !== 'GET' && request.method !== 'POST') {
      response.setHeader('allow', 'GET, POST');
      return respond(response, 405, refusal('METHOD_NOT_ALLOWED', 'use GET or POST'));
    }

    let body: unknown;
    if (request.method === 'POST') {
      const read = await readBody(request, options.bodyLimitBytes);
      if (read.kind === 'too_large') {
        return respond(
          response,
          413,
          refusal('PAYLOAD_TOO_LARGE', `the request body is larger than ${options.bodyLimitBytes} bytes`),
        );
      }
      body = read.text;
      if (/^application\/(.+\+)?json/i.test(request.headers['content-type'] ?? '')) {
        try {
          body = JSON.parse(read.text);
        } catch {
          return respond(response, 400, refusal('BAD_REQUEST', 'the request body is not valid JSON'));
        }
      }
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await options.apollo().executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method, headers, search: url.search, body },
      context: () => options.contextFor(request),
    });
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') return void response.end(result.body.string);
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }
}

function refusal(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

function respond(response: http.ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}
