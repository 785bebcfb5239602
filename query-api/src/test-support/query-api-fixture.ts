import { afterAll, beforeAll } from 'vitest';
import {
  eventually,
  useCommandApi,
  type CommandApiFixture,
  type TestTenant,
} from '@chronicle/command-api/testing';
import { completeInvitation, signInWithPkce } from '@chronicle/identity/testing';
import { SERVED_PROJECTIONS, startProjectionRunner, type ProjectionRunner } from '@chronicle/projectors';
import type { QueryApiConfig } from '../app/query-api-config.js';
import { createQueryApi, type QueryApi } from '../app/create-query-api.js';
import { openGraphqlSocket, type GraphqlSocket } from './graphql-socket.js';
import { ManualClock } from './manual-clock.js';

export interface GraphqlResponse<Data> {
  status: number;
  headers: Headers;
  body: { data?: Data | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

export interface QueryApiFixture {
  /** The command API with its reconciler and real Keycloak: tenants, users, sources, producers' writes. */
  commands: CommandApiFixture;
  api: QueryApi;
  runner: ProjectionRunner;
  /** The clock that ends sockets whose token expired (moved by hand). */
  clock: ManualClock;
  graphql<Data = Record<string, unknown>>(
    query: string,
    options?: {
      token?: string;
      variables?: Record<string, unknown>;
      rawBody?: string;
      headers?: Record<string, string>;
    },
  ): Promise<GraphqlResponse<Data>>;
  socket(connectionParams: Record<string, unknown>): GraphqlSocket;
  /** A token of the platform realm's demo `ops` user. */
  opsToken(): Promise<string>;
  /** A tenant made through the command API, once the query API accepts its tokens. */
  createTenant(tenantId: string): Promise<TestTenant>;
  /** A user of the tenant with the role auditor, and its token. */
  auditor(tenant: TestTenant): Promise<{ token: string; subject: string }>;
  /** Registers a source owned by `ownerSubject` (the viewer's by default). */
  registerSource(tenant: TestTenant, sourceId: string, ownerSubject?: string): Promise<void>;
  /** Points written by the tenant's producer through the command API. */
  /** Returns the log position of the event the write appended. */
  record(tenant: TestTenant, sourceId: string, points: { t: number; v: number }[]): Promise<bigint>;
  /** Resolves once the projectors have applied everything written so far. */
  projected(): Promise<void>;
}

/**
 * The query API in-process on a database of the file's own, beside the command API (with its reconciler
 * and the run's real Keycloak) and a projector runner, so data reaches it the way production's does.
 */
export function useQueryApi(config: Partial<QueryApiConfig> = {}): QueryApiFixture {
  const commands = useCommandApi();
  const fixture = { commands, clock: new ManualClock() } as QueryApiFixture;
  beforeAll(async () => {
    fixture.runner = startProjectionRunner({
      connectionString: commands.database.url,
      projections: SERVED_PROJECTIONS,
      store: commands.store,
      pollIntervalMs: 100,
    });
    fixture.api = await createQueryApi({
      host: '127.0.0.1',
      port: 0,
      databaseUrl: commands.database.url,
      keycloakUrl: commands.keycloakUrl,
      allowHttpKeycloak: true,
      production: false,
      bodyLimitBytes: 256 * 1024,
      rateLimit: { capacity: 10_000, refillPerSecond: 10_000 },
      limits: { maxDepth: 10, maxAliases: 15, maxCost: 50_000, maxTokens: 10_000, maxDirectives: 20 },
      subscriberBufferPoints: 10_000,
      corsOrigins: ['http://localhost:5173'],
      logLevel: 'warn',
      clock: fixture.clock,
      ...config,
    });
  }, 60_000);
  afterAll(async () => {
    await fixture.api?.close();
    await fixture.runner?.stop();
  });

  fixture.graphql = async (query, options = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${fixture.api.url}/graphql`, {
      method: 'POST',
      headers,
      body: options.rawBody ?? JSON.stringify({ query, variables: options.variables }),
    });
    const text = await response.text();
    let body: GraphqlResponse<never>['body'];
    try {
      body = JSON.parse(text) as GraphqlResponse<never>['body'];
    } catch {
      throw new Error(`HTTP ${response.status} answered with no JSON: ${text.slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, body };
  };

  fixture.socket = (connectionParams) => openGraphqlSocket(fixture.api.url, connectionParams);

  fixture.opsToken = async () =>
    (
      await signInWithPkce({
        keycloakUrl: commands.keycloakUrl,
        realm: 'platform',
        clientId: 'chronicle-ui',
        redirectUri: 'http://localhost:5173/callback',
        username: 'ops',
        password: 'demo-ops',
      })
    ).token;

  fixture.createTenant = async (tenantId) => {
    const tenant = await commands.createTenant(tenantId);
    // The query API learns of the tenant from the log; until then its tokens are refused as unknown.
    await eventually(async () => {
      const { status } = await fixture.graphql('{ me { tenant } }', { token: tenant.viewer.token });
      if (status !== 200) throw new Error(`query API does not know ${tenantId} yet (${status})`);
    });
    return tenant;
  };

  fixture.auditor = async (tenant) => {
    for (const [path, body] of [
      ['/api/users', { username: 'auditor', email: `auditor@${tenant.tenantId}.test` }],
      ['/api/users/auditor/grant-role', { role: 'auditor' }],
    ] as const) {
      const { status } = await commands.request('POST', path, { token: tenant.admin.token, body });
      if (status >= 300 && status !== 409) throw new Error(`${path}: ${status}`);
    }
    await commands.reconciler.caughtUp(tenant.tenantId);
    const { subject } = await completeInvitation(
      commands.keycloak,
      tenant.tenantId,
      'auditor',
      'auditor-password',
    );
    const { token } = await signInWithPkce({
      keycloakUrl: commands.keycloakUrl,
      realm: tenant.tenantId,
      clientId: 'chronicle-ui',
      redirectUri: 'http://localhost:5173/callback',
      username: 'auditor',
      password: 'auditor-password',
    });
    return { token, subject };
  };

  fixture.registerSource = async (tenant, sourceId, ownerSubject = tenant.viewer.subject) => {
    const { status, body } = await commands.request('POST', '/api/sources', {
      token: tenant.admin.token,
      body: { sourceId, name: `Source ${sourceId}`, ownerSubject, unit: 'kWh' },
    });
    if (status !== 201) throw new Error(`register source ${sourceId}: ${status} ${JSON.stringify(body)}`);
  };

  fixture.record = async (tenant, sourceId, points) => {
    const { status, body } = await commands.request('POST', '/api/messages', {
      token: tenant.producer.token,
      body: { sourceId, points },
    });
    if (status >= 300) throw new Error(`record ${sourceId}: ${status} ${JSON.stringify(body)}`);
    return BigInt((body as { batches: { position: string }[] }).batches[0]!.position);
  };

  fixture.projected = async () => {
    await fixture.runner.caughtUp();
    // caughtUp covers the log below the visibility horizon, which a transaction open anywhere on the server
    // holds back (other test files, other runs share it): also wait until every serving projection has
    // passed the last event written so far, in log order.
    await eventually(async () => {
      const { rows } = await commands.sql.query<{ done: boolean | null }>(
        `SELECT bool_and((p.transaction_id, p.position) >= (e.transaction_id, e.global_position)) AS done
           FROM chronicle_read.projections p,
                (SELECT transaction_id, global_position FROM chronicle.events
                  ORDER BY transaction_id DESC, global_position DESC LIMIT 1) e
          WHERE p.status = 'live'`,
      );
      if (rows[0]?.done === false) throw new Error('the projectors have not applied every event yet');
    }, 60_000);
  };

  return fixture;
}
