import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTenant } from '@chronicle/command-api/testing';
import { createQueryApi, type QueryApi } from '../app/create-query-api.js';
import { useQueryApi } from '../test-support/query-api-fixture.js';

const fixture = useQueryApi();

/** Every abuse is refused before anything runs, with a 4xx and a code that says why, and the server goes on. */
describe('abuse', () => {
  let acme: TestTenant;

  beforeAll(async () => {
    acme = await fixture.createTenant('abuse-acme');
    await fixture.registerSource(acme, 'meter-1');
    await fixture.projected();
  }, 180_000);

  const refusal = (body: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) =>
    body.errors?.map((error) => `${String(error.extensions?.code)}: ${error.message}`).join('\n') ?? '';

  async function expectHealthy(): Promise<void> {
    const { status, body } = await fixture.graphql('{ me { tenant } }', { token: acme.viewer.token });
    expect({ status, body }).toEqual({ status: 200, body: { data: { me: { tenant: 'abuse-acme' } } } });
    expect((await fetch(`${fixture.api.url}/healthz`)).status).toBe(200);
  }

  it('refuses a query of depth 50', async () => {
    const query = `{ me ${'{ tenant '.repeat(49)}${'}'.repeat(49)} }`;
    const { status, body } = await fixture.graphql(query, { token: acme.viewer.token });
    expect(status).toBe(400);
    expect(refusal(body)).toMatch(/GRAPHQL_VALIDATION_FAILED: Query depth limit of 10 exceeded/);
    await expectHealthy();
  });

  it('refuses a query of huge cost', async () => {
    const page =
      'sources(first: 500) { edges { node { id name owner unit status lastValue lastTs lastSeen } } }';
    const query = `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: ${page}`).join(' ')} }`;
    const { status, body } = await fixture.graphql(query, { token: acme.viewer.token });
    expect(status).toBe(400);
    expect(refusal(body)).toMatch(/GRAPHQL_VALIDATION_FAILED: Query Cost limit of 50000 exceeded/);
    await expectHealthy();
  });

  it('refuses 1,000 aliases', async () => {
    const query = `{ ${Array.from({ length: 1_000 }, (_, i) => `a${i}: me { subject }`).join(' ')} }`;
    const { status, body } = await fixture.graphql(query, { token: acme.viewer.token });
    expect(status).toBe(400);
    expect(refusal(body)).toMatch(/GRAPHQL_VALIDATION_FAILED: Aliases limit of 15 exceeded/);
    await expectHealthy();
  });

  it('refuses a 5 MB document with 413 over HTTP, and closes a socket that sends one (1009)', async () => {
    const huge = `{ me { tenant } ${' '.repeat(5 * 1024 * 1024)}}`;
    const { status, body } = await fixture.graphql(huge, { token: acme.viewer.token });
    expect(status).toBe(413);
    expect(refusal(body)).toMatch(/^PAYLOAD_TOO_LARGE: the request body is larger than 262144 bytes$/);
    await expectHealthy();

    const socket = fixture.socket({ authorization: `Bearer ${acme.viewer.token}` });
    await socket.acknowledged;
    void socket.subscribe(huge).ended.catch(() => {});
    expect((await socket.closed).code).toBe(1009);
    await expectHealthy();
  });

  it('refuses a document of too many tokens, malformed JSON, unknown fields and bad arguments with 4xx codes', async () => {
    const tokens = `{ me { ${'tenant '.repeat(12_000)} } }`;
    expect(await fixture.graphql(tokens, { token: acme.viewer.token })).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] },
    });
    expect(await fixture.graphql('', { token: acme.viewer.token, rawBody: '{"query": ' })).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'BAD_REQUEST' } }] },
    });
    for (const wrongTransport of [
      // A subscription is for the WebSocket; a plain-text body and a GET without a preflight-forcing header
      // are what a cross-site form could send (Apollo's CSRF prevention).
      () => fixture.graphql('subscription { sourceChanged { gap } }', { token: acme.viewer.token }),
      () =>
        fixture.graphql('', {
          token: acme.viewer.token,
          rawBody: '{ me { tenant } }',
          headers: { 'content-type': 'text/plain' },
        }),
      async () => {
        const response = await fetch(
          `${fixture.api.url}/graphql?query=${encodeURIComponent('{ me { tenant } }')}`,
          {
            headers: { authorization: `Bearer ${acme.viewer.token}` },
          },
        );
        return { status: response.status, body: (await response.json()) as never };
      },
    ]) {
      const { status, body } = await wrongTransport();
      expect({
        status,
        code: (body as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code,
      }).toEqual({
        status: 400,
        code: 'BAD_REQUEST',
      });
    }
    expect(await fixture.graphql('{ nothing }', { token: acme.viewer.token })).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
    });
    const series =
      'query S($from: EpochMillis!) { series(sourceId: "meter-1", from: $from, to: 2) { sourceId } }';
    expect(
      await fixture.graphql(series, { token: acme.viewer.token, variables: { from: 'yesterday' } }),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] },
    });
    for (const query of [
      '{ sources(first: 600) { pageInfo { hasNextPage } } }',
      '{ sources(after: "not-a-cursor!") { pageInfo { hasNextPage } } }',
      '{ series(sourceId: "meter-1", from: 0, to: 1000, maxPoints: 100000) { sourceId } }',
      '{ series(sourceId: "meter-1", from: 10, to: 1) { sourceId } }',
      '{ series(sourceId: "meter-1", from: 0, to: 86400000000, resolution: MINUTE) { sourceId } }',
      '{ source(id: "../../etc") { id } }',
    ]) {
      const { status, body } = await fixture.graphql(query, { token: acme.viewer.token });
      expect({ query, status, code: body.errors?.[0]?.extensions?.code }).toEqual({
        query,
        status: 200,
        code: 'BAD_USER_INPUT',
      });
    }
    await expectHealthy();
  });

  describe('with a production configuration and a small rate limit', () => {
    let production: QueryApi;
    const graphql = async (query: string, token: string) => {
      const response = await fetch(`${production.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as never };
    };

    beforeAll(async () => {
      production = await createQueryApi({
        host: '127.0.0.1',
        port: 0,
        databaseUrl: fixture.commands.database.url,
        keycloakUrl: fixture.commands.keycloakUrl,
        allowHttpKeycloak: true,
        production: true,
        bodyLimitBytes: 256 * 1024,
        // Three operations, then (practically) never another: no test waits on a refill.
        rateLimit: { capacity: 3, refillPerSecond: 0.0001 },
        limits: { maxDepth: 10, maxAliases: 15, maxCost: 50_000, maxTokens: 10_000, maxDirectives: 20 },
        subscriberBufferPoints: 10_000,
        corsOrigins: [],
        logLevel: 'warn',
      });
    });
    afterAll(async () => {
      await production?.close();
    });

    it('turns introspection off', async () => {
      expect(await graphql('{ __schema { types { name } } }', acme.viewer.token)).toMatchObject({
        status: 400,
        body: { errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
      });
      // (The test configuration, like development, keeps it on.)
      expect(
        (await fixture.graphql('{ __schema { queryType { name } } }', { token: acme.viewer.token })).body,
      ).toEqual({
        data: { __schema: { queryType: { name: 'Query' } } },
      });
    });

    it("limits each caller's rate, with 429 and Retry-After, and other callers go on", async () => {
      for (let i = 0; i < 3; i++)
        expect((await graphql('{ me { tenant } }', acme.admin.token)).status).toBe(200);
      const limited = await graphql('{ me { tenant } }', acme.admin.token);
      expect(limited).toMatchObject({
        status: 429,
        body: { errors: [{ extensions: { code: 'RATE_LIMITED' } }] },
      });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await graphql('{ me { tenant } }', acme.producer.token)).status).toBe(200);
    });
  });
});
