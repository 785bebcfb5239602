import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { upcastDomainEvent } from '@chronicle/domain';
import { createEventStore } from '@chronicle/eventstore';
import {
  API_CLIENT_ID,
  PLATFORM_REALM,
  createTokenVerifier,
  tenantDirectoryFromLog,
} from '@chronicle/identity';
import { pino } from 'pino';
import { eventExport } from '../audit/event-export.js';
import { bearerToken, createAuthenticator } from '../auth/authenticate.js';
import { systemClock } from '../auth/session-clock.js';
import { openReadModels } from '../database/read-models.js';
import { clientError } from '../graphql/client-error.js';
import type { QueryContext, QueryServices } from '../graphql/query-context.js';
import { querySchema } from '../graphql/query-schema.js';
import { httpHandler } from '../http/http-handler.js';
import { subscriptionsNeedSocket } from '../http/subscriptions-need-socket.js';
import { CallerRateLimit } from '../protection/caller-rate-limit.js';
import { limitRules, validationRules } from '../protection/query-limits.js';
import { ChangeFeed } from '../subscriptions/change-feed.js';
import { ProjectionFanout } from '../subscriptions/projection-fanout.js';
import { SeriesFanout } from '../subscriptions/series-fanout.js';
import { SourceFanout } from '../subscriptions/source-fanout.js';
import { startGraphqlWs } from '../websocket/graphql-ws-server.js';
import type { QueryApiConfig } from './query-api-config.js';

export interface QueryApi {
  /** Where it listens, e.g. http://127.0.0.1:4001 (GraphQL at /graphql, also ws://…/graphql). */
  url: string;
  /** Live subscriptions and open sockets in this process (for probes and tests). */
  stats(): { series: number; sources: number; projections: number; sockets: number };
  close(): Promise<void>;
}

/** Builds the query API around its resources and starts listening. */
export async function createQueryApi(config: QueryApiConfig): Promise<QueryApi> {
  const logger = pino({ level: config.logLevel, base: { service: 'query-api' } });
  const logInternal = (error: unknown) => logger.error({ err: error }, 'internal error');
  const onBackgroundError = (error: unknown) =>
    logger.warn({ err: error }, 'database connection error (recovering)');
  // The event store: the tenant directory (which realms are tenants, which suspended) and audit reads.
  const store = createEventStore({
    connectionString: config.databaseUrl,
    upcast: upcastDomainEvent,
    poolSize: 4,
    onBackgroundError,
  });
  const tenants = tenantDirectoryFromLog(store);
  const readModels = openReadModels({ connectionString: config.databaseUrl, onBackgroundError });
  const feed = new ChangeFeed(config.databaseUrl, onBackgroundError);
  const release = async () => {
    tenants.close();
    await feed.close();
    await readModels.close();
    await store.close();
  };
  try {
    await Promise.all([tenants.ready, feed.start()]);
    const verifier = createTokenVerifier({
      keycloakUrl: config.keycloakUrl,
      audience: API_CLIENT_ID,
      tenants,
      trustedRealms: [PLATFORM_REALM],
      allowHttp: config.allowHttpKeycloak,
    });
    const authenticator = createAuthenticator(verifier);
    const onFanoutError = (error: unknown) => logger.warn({ err: error }, 'live update read failed');
    const services: QueryServices = {
      readModels,
      store,
      authenticator,
      series: new SeriesFanout(readModels, feed, {
        bufferPoints: config.subscriberBufferPoints,
        onError: onFanoutError,
      }),
      sources: new SourceFanout(readModels, feed, { bufferSources: 1_000, onError: onFanoutError }),
      projections: new ProjectionFanout(readModels, feed, { pollIntervalMs: 1_000, onError: onFanoutError }),
    };
    const rateLimit = new CallerRateLimit(config.rateLimit);
    const schema = querySchema();

    /** A request's caller, once its token verifies and a rate-limit token is taken. */
    const callerOf = async (request: http.IncomingMessage) => {
      const caller = await authenticator.authenticate(bearerToken(request.headers.authorization));
      const limited = rateLimit.check(caller);
      if (limited) throw limited;
      return caller;
    };
    const httpServer: http.Server = http.createServer(
      httpHandler({
        // Requests are served only once listening, by when `apollo` (below) exists.
        apollo: () => apollo,
        contextFor: async (request) => ({ caller: await callerOf(request), services }),
        exportEvents: eventExport({ authenticate: callerOf, store, logInternal }),
        bodyLimitBytes: config.bodyLimitBytes,
        corsOrigins: config.corsOrigins,
        ready: async () => {
          await readModels.ping();
          return feed.connected;
        },
        logInternal,
      }),
    );
    const sockets = startGraphqlWs({
      httpServer,
      schema,
      services,
      authenticator,
      rateLimit,
      rules: validationRules(config.limits, config.production),
      maxTokens: config.limits.maxTokens,
      maxPayloadBytes: config.bodyLimitBytes,
      production: config.production,
      clock: config.clock ?? systemClock,
      logInternal,
      logSocketError: (error) => logger.debug({ err: error.message }, 'socket error'),
    });
    const apollo: ApolloServer<QueryContext> = new ApolloServer<QueryContext>({
      schema,
      introspection: !config.production,
      hideSchemaDetailsFromClientErrors: config.production,
      validationRules: limitRules(config.limits),
      parseOptions: { maxTokens: config.limits.maxTokens },
      allowBatchedHttpRequests: false,
      csrfPrevention: true,
      includeStacktraceInErrorResponses: false,
      stopOnTerminationSignals: false,
      formatError: (formatted, error) => clientError(formatted, error, logInternal),
      logger: {
        debug: (message) => logger.debug(message),
        info: (message) => logger.info(message),
        warn: (message) => logger.warn(message),
        error: (message) => logger.error(message),
      },
      plugins: [
        // Stop takes new connections no more, ends sockets, lets requests in flight finish.
        ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 5_000 }),
        { serverWillStart: async () => ({ drainServer: () => sockets.dispose() }) },
        // The default landing page loads Apollo's sandbox from a CDN.
        ApolloServerPluginLandingPageDisabled(),
        subscriptionsNeedSocket,
      ],
    });
    await apollo.start();
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    return {
      url,
      stats: () => ({
        series: services.series.subscribers,
        sources: services.sources.subscribers,
        projections: services.projections.subscribers,
        sockets: sockets.connections(),
      }),
      async close() {
        await apollo.stop();
        await Promise.all([services.series.close(), services.sources.close(), services.projections.close()]);
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
