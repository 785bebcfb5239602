import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { upcastDomainEvent } from '@chronicle/domain';
import { createEventStore } from '@chronicle/eventstore';
import {
  API_CLIENT_ID,
  PLATFORM_REALM,
  createTokenVerifier,
  tenantDirectoryFromLog,
} from '@chronicle/identity';
import { LogController } from 'fastify';
import { pino } from 'pino';
import { CORRELATION_HEADER, correlationIdOf } from '../http/correlation-id.js';
import { Metrics } from '../observability/metrics.js';
import { AppModule } from './app.module.js';
import type { CommandApiConfig } from './command-api-config.js';

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export interface CommandApi {
  app: NestFastifyApplication;
  /** Where it listens, e.g. http://127.0.0.1:4000 */
  url: string;
  close(): Promise<void>;
}

/** Builds the command API around its resources and starts listening. */
export async function createCommandApi(config: CommandApiConfig): Promise<CommandApi> {
  const logger = pino({ level: config.logLevel, base: { service: 'command-api' } });
  const store = createEventStore({
    connectionString: config.databaseUrl,
    upcast: upcastDomainEvent,
    onBackgroundError: (error) => logger.warn({ err: error }, 'event store connection error (recovering)'),
  });
  const tenants = tenantDirectoryFromLog(store);
  try {
    await tenants.ready;
    const verifier = createTokenVerifier({
      keycloakUrl: config.keycloakUrl,
      audience: API_CLIENT_ID,
      tenants,
      trustedRealms: [PLATFORM_REALM],
      allowHttp: config.allowHttpKeycloak,
    });
    const adapter = new FastifyAdapter({
      loggerInstance: logger,
      bodyLimit: config.bodyLimitBytes,
      genReqId: correlationIdOf,
      logController: new LogController({
        requestIdLogLabel: 'correlationId',
        // Probes arrive every few seconds and say nothing about users' requests.
        disableRequestLogging: (request) => PROBES.has(request.url),
      }),
    });
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.with({ config, store, verifier }),
      adapter,
      { logger: ['error', 'warn'], abortOnError: false },
    );
    const fastify = app.getHttpAdapter().getInstance();
    const metrics = app.get(Metrics);
    fastify.addHook('onRequest', async (request, reply) => {
      void reply.header(CORRELATION_HEADER, request.id);
    });
    fastify.addHook('onResponse', async (request, reply) => {
      metrics.httpRequests.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode },
        reply.elapsedTime / 1000,
      );
    });
    setUpOpenApi(app);
    await app.listen({ port: config.port, host: config.host });
    const address = fastify.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    return {
      app,
      url,
      async close() {
        await app.close();
        tenants.close();
        await store.close();
      },
    };
  } catch (error) {
    tenants.close();
    await store.close();
    throw error;
  }
}

function setUpOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Chronicle command API')
      .setDescription(
        'Every change to Chronicle is a command: producers record measurements, tenant admins manage ' +
          'sources, producers and users, platform admins manage tenants. Tokens come from the tenant’s ' +
          'Keycloak realm (the platform realm for platform admins); the tenant is always the token’s.',
      )
      .setVersion('1')
      .setOpenAPIVersion('3.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
}
