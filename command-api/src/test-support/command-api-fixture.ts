import * as openid from 'openid-client';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, testKeycloak, type TestDatabase } from '@chronicle/devstack/testing';
import { upcastDomainEvent } from '@chronicle/domain';
import { createEventStore, type EventStore } from '@chronicle/eventstore';
import {
  connectKeycloakAdmin,
  startRealmReconciler,
  type KeycloakAdmin,
  type RealmReconciler,
} from '@chronicle/identity';
import { completeInvitation, signInWithPkce } from '@chronicle/identity/testing';
import type { CommandApiConfig } from '../app/command-api-config.js';
import { createCommandApi, type CommandApi } from '../app/create-command-api.js';
import { DEFAULT_MEASUREMENT_LIMITS } from '@chronicle/domain';

const UI_ORIGIN = 'http://localhost:5173';

export interface ApiResponse<Body = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: Body;
}

export interface RequestOptions {
  token?: string;
  /** Idempotency-Key; a fresh one unless given, `null` for none. */
  key?: string | null;
  body?: unknown;
  /** A body sent as is (malformed JSON, huge documents). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A provisioned tenant with a token for each kind of caller. */
export interface TestTenant {
  tenantId: string;
  admin: { token: string; subject: string };
  viewer: { token: string; subject: string };
  producer: { clientId: string; clientSecret: string; token: string };
}

export interface CommandApiFixture {
  api: CommandApi;
  /** What the API was started with (to start another one beside it). */
  config: CommandApiConfig;
  /** The run's Keycloak as the API sees it (token issuers are `<url>/realms/<tenant>`). */
  keycloakUrl: string;
  database: TestDatabase;
  /** Superuser connection, to count what was (not) written. */
  sql: pg.Pool;
  store: EventStore;
  keycloak: KeycloakAdmin;
  reconciler: RealmReconciler;
  /** Starts a new realm reconciler (after the test stopped `reconciler`), which becomes `reconciler`. */
  startReconciler(): RealmReconciler;
  /** A producer's token by client credentials, as the producer CLI gets it (rejects when refused). */
  clientCredentialsToken(tenantId: string, clientId: string, secret: string): Promise<string>;
  request<Body = Record<string, unknown>>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<ApiResponse<Body>>;
  platformAdminToken(): Promise<string>;
  /** Registers a tenant through the API and provisions it as the reconciler does: admin, viewer, producer. */
  createTenant(tenantId: string): Promise<TestTenant>;
  /** Registers a source as the tenant's admin, owned by its viewer. */
  registerSource(tenant: TestTenant, sourceId: string): Promise<void>;
  eventCount(): Promise<number>;
}

/**
 * The command API as it runs, on a database of this file's own, with the run's real Keycloak and a realm
 * reconciler, so tenants, users and producer clients are made the way production makes them.
 */
export function useCommandApi(config: Partial<CommandApiConfig> = {}): CommandApiFixture {
  const login = testKeycloak();
  const fixture = { keycloakUrl: login.url } as CommandApiFixture;
  beforeAll(async () => {
    fixture.database = await createTestDatabase();
    fixture.sql = new pg.Pool({ connectionString: fixture.database.url, max: 2 });
    fixture.store = createEventStore({ connectionString: fixture.database.url, upcast: upcastDomainEvent });
    fixture.startReconciler();
    fixture.keycloak = await connectKeycloakAdmin(login);
    fixture.config = {
      host: '127.0.0.1',
      port: 0,
      databaseUrl: fixture.database.url,
      keycloakUrl: login.url,
      allowHttpKeycloak: true,
      bodyLimitBytes: 1024 * 1024,
      maxPointsPerRequest: 10_000,
      rateLimit: { capacity: 10_000, refillPerSecond: 10_000 },
      measurementLimits: DEFAULT_MEASUREMENT_LIMITS,
      sourceCacheTtlMs: 5_000,
      secretRotationWaitMs: 20_000,
      logLevel: 'warn',
      ...config,
    };
    fixture.api = await createCommandApi(fixture.config);
  });
  afterAll(async () => {
    await fixture.api?.close();
    await fixture.reconciler?.stop();
    await fixture.store?.close();
    await fixture.sql?.end();
    await fixture.database?.drop();
  });

  fixture.startReconciler = () =>
    (fixture.reconciler = startRealmReconciler({
      store: fixture.store,
      keycloak: login,
      uiOrigins: [UI_ORIGIN],
      pollIntervalMs: 100,
      retry: { firstDelayMs: 100, maxDelayMs: 1_000 },
    }));

  fixture.clientCredentialsToken = (tenantId, clientId, secret) =>
    clientCredentialsToken(login.url, tenantId, clientId, secret);

  fixture.request = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.key !== null && method === 'POST')
      headers['idempotency-key'] = options.key ?? crypto.randomUUID();
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${fixture.api.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (metrics, docs)
    }
    return { status: response.status, headers: response.headers, body: parsed as never };
  };

  fixture.platformAdminToken = async () =>
    (
      await signInWithPkce({
        keycloakUrl: login.url,
        realm: 'platform',
        clientId: 'chronicle-ui',
        redirectUri: `${UI_ORIGIN}/callback`,
        username: 'platform-admin',
        password: 'demo-platform-admin',
      })
    ).token;

  async function userToken(realm: string, username: string): Promise<{ token: string; subject: string }> {
    const password = `${username}-password`;
    const { subject } = await completeInvitation(fixture.keycloak, realm, username, password);
    const { token } = await signInWithPkce({
      keycloakUrl: login.url,
      realm,
      clientId: 'chronicle-ui',
      redirectUri: `${UI_ORIGIN}/callback`,
      username,
      password,
    });
    return { token, subject };
  }

  async function expectOk(response: Promise<ApiResponse>, what: string): Promise<void> {
    const { status, body } = await response;
    if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  }

  fixture.createTenant = async (tenantId) => {
    const platform = await fixture.platformAdminToken();
    const post = (path: string, body: unknown, token = platform) =>
      fixture.request('POST', path, { token, body });
    await expectOk(post('/api/tenants', { tenantId, displayName: `Tenant ${tenantId}` }), 'register tenant');
    await expectOk(
      post(`/api/tenants/${tenantId}/users`, { username: 'admin', email: `admin@${tenantId}.test` }),
      'invite admin',
    );
    await expectOk(
      post(`/api/tenants/${tenantId}/users/admin/grant-role`, { role: 'tenant-admin' }),
      'grant admin',
    );
    await fixture.reconciler.caughtUp(tenantId);
    const admin = await userToken(tenantId, 'admin');
    // The API learns of the new tenant from the log; until then its tokens are refused as unknown.
    await eventually(() =>
      expectOk(
        post('/api/users', { username: 'viewer', email: `viewer@${tenantId}.test` }, admin.token),
        'invite viewer',
      ),
    );
    await expectOk(post('/api/users/viewer/grant-role', { role: 'viewer' }, admin.token), 'grant viewer');
    const clientId = `${tenantId}-meter`;
    await expectOk(post('/api/producer-clients', { clientId }, admin.token), 'register producer');
    await fixture.reconciler.caughtUp(tenantId);
    const viewer = await userToken(tenantId, 'viewer');
    const [client] = await fixture.keycloak.clients.find({ realm: tenantId, clientId });
    const secret = await fixture.keycloak.clients.getClientSecret({ realm: tenantId, id: client!.id! });
    const producerToken = await clientCredentialsToken(login.url, tenantId, clientId, secret.value!);
    return {
      tenantId,
      admin,
      viewer,
      producer: { clientId, clientSecret: secret.value!, token: producerToken },
    };
  };

  fixture.registerSource = async (tenant, sourceId) => {
    await expectOk(
      fixture.request('POST', '/api/sources', {
        token: tenant.admin.token,
        body: { sourceId, name: `Source ${sourceId}`, ownerSubject: tenant.viewer.subject, unit: 'kWh' },
      }),
      `register source ${sourceId}`,
    );
  };

  fixture.eventCount = async () =>
    Number((await fixture.sql.query<{ n: string }>('SELECT count(*) AS n FROM chronicle.events')).rows[0]!.n);

  return fixture;
}

async function clientCredentialsToken(keycloakUrl: string, realm: string, clientId: string, secret: string) {
  const config = await openid.discovery(
    new URL(`${keycloakUrl}/realms/${realm}`),
    clientId,
    secret,
    undefined,
    { execute: [openid.allowInsecureRequests] },
  );
  return (await openid.clientCredentialsGrant(config)).access_token;
}

/** Retries `attempt` until it passes or `timeoutMs` is up (for what the API learns from the log a moment later). */
export async function eventually(attempt: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
