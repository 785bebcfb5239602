import type http from 'node:http';
import {
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { connectionToken, type Authenticator } from '../auth/authenticate.js';
import type { SessionClock } from '../auth/session-clock.js';
import { SocketSession, TOKEN_EXPIRED_CLOSE_CODE } from '../auth/socket-session.js';
import { socketClientError } from '../graphql/client-error.js';
import type { QueryContext, QueryServices } from '../graphql/query-context.js';
import type { CallerRateLimit } from '../protection/caller-rate-limit.js';
import { DocumentCache } from './document-cache.js';
import { SharedFrames, type FrameSink } from './shared-frames.js';
import { sendFrame } from './send-frame.js';

/** Close code for a connection_init whose token is missing or refused (401-like; 4403 for a suspended tenant). */
export const TOKEN_REFUSED_CLOSE_CODE = 4401;
const FORBIDDEN_CLOSE_CODE = 4403;

export interface GraphqlWsOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  services: QueryServices;
  authenticator: Authenticator;
  rateLimit: CallerRateLimit;
  rules: readonly ValidationRule[];
  maxTokens: number;
  /** Largest message; a larger one closes the socket (1009) before it is parsed. */
  maxPayloadBytes: number;
  production: boolean;
  clock: SessionClock;
  logInternal: (error: unknown) => void;
  /** A socket's transport error (an oversized message, a reset): the client's trouble, not ours. */
  logSocketError: (error: Error) => void;
}

/**
 * graphql-ws on the HTTP server's `/graphql`: the connection_init payload carries the token, which the
 * socket is held to (closed with 4401 when it expires, unless `reauthenticate` brought a fresh one); every
 * operation passes the same limits and rate limit as over HTTP. Documents are parsed and validated once
 * per distinct text (DocumentCache), and a message many subscribers share is executed and serialised once
 * per distinct operation, its frame written to each of their sockets (SharedFrames).
 */
export function startGraphqlWs(options: GraphqlWsOptions): {
  dispose(): Promise<void>;
  connections(): number;
} {
  const webSockets = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
  });
  const sessions = new WeakMap<WebSocket, SocketSession>();
  const log = options.logInternal;
  const documents = new DocumentCache();
  const frames = new SharedFrames();
  // Each subscription's own context object (made below) leads to the socket and id its frames go to.
  const sinks = new WeakMap<object, FrameSink>();

  const server = useServer(
    {
      isProd: options.production,
      subscribe: frames.subscribe((args: ExecutionArgs) => sinks.get(args.contextValue as object)),
      async onConnect(ctx) {
        const socket = ctx.extra.socket;
        try {
          const caller = await options.authenticator.authenticate(connectionToken(ctx.connectionParams));
          sessions.set(
            socket,
            new SocketSession(caller, options.clock, () =>
              socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'Token expired'),
            ),
          );
          return { expiresAt: caller.expiresAt.toISOString() };
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          const code =
            error.extensions.code === 'FORBIDDEN' ? FORBIDDEN_CLOSE_CODE : TOKEN_REFUSED_CLOSE_CODE;
          // A close reason is at most 123 bytes.
          socket.close(code, Buffer.from(error.message).subarray(0, 123).toString());
          return false;
        }
      },

      async onSubscribe(ctx, id, payload) {
        const session = sessions.get(ctx.extra.socket);
        if (!session)
          return [new GraphQLError('not authenticated', { extensions: { code: 'UNAUTHENTICATED' } })];
        const limited = options.rateLimit.check(session.caller);
        if (limited) return [limited];
        let document = documents.get(payload.query);
        if (!document) {
          let parsed: DocumentNode;
          try {
            parsed = parse(payload.query, { maxTokens: options.maxTokens });
          } catch (error) {
            return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
          }
          const errors = validate(options.schema, parsed, options.rules);
          if (errors.length > 0) return errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
          documents.set(payload.query, (document = parsed));
        }
        const contextValue: QueryContext = {
          // Read at each use: `reauthenticate` may have replaced the token since.
          get caller() {
            return session.caller;
          },
          services: options.services,
          session,
        };
        const socket = ctx.extra.socket;
        sinks.set(contextValue, { id, send: (frame) => sendFrame(socket, frame) });
        return {
          schema: options.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },

      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors) return undefined;
        return { ...result, errors: result.errors.map((error) => socketClientError(error, log)) };
      },

      onError(_ctx, _id, _payload, errors) {
        return errors.map((error) => socketClientError(error, log));
      },

      onClose(ctx) {
        sessions.get(ctx.extra.socket)?.end();
      },
    },
    webSockets,
  );

  // graphql-ws reports every socket error with console.error, a client's oversized message included; ws
  // has already closed such a socket itself (1009), so a quiet line of our own takes its place.
  webSockets.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (error) => options.logSocketError(error));
  });

  return {
    dispose: () => server.dispose() as Promise<void>,
    connections: () => webSockets.clients.size,
  };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
