import { describe, expect, it } from 'vitest';
import { CommandBus } from '@nestjs/cqrs';
import { useCommandApi } from '../test-support/command-api-fixture.js';
import { RecordMessagesHandler } from '../measurements/record-messages.handler.js';
import { ChangeSourceHandler } from '../sources/change-source.handler.js';
import { SourceCatalogue } from '../sources/source-catalogue.js';
import { ChangeTenantHandler } from '../tenants/change-tenant.handler.js';
import { Metrics } from '../observability/metrics.js';

const fixture = useCommandApi();

describe('the command API process', () => {
  it('injects real dependencies into every handler (decorator metadata is emitted, see stack notes)', () => {
    const messages = fixture.api.app.get(RecordMessagesHandler) as unknown as Record<string, unknown>;
    expect(messages.store).toBe(fixture.api.app.get(ChangeTenantHandler)['store' as never]);
    expect(messages.sources).toBeInstanceOf(SourceCatalogue);
    expect(messages.metrics).toBeInstanceOf(Metrics);
    expect(typeof (messages.store as { append?: unknown }).append).toBe('function');
    const sources = fixture.api.app.get(ChangeSourceHandler) as unknown as Record<string, unknown>;
    expect(sources.catalogue).toBe(messages.sources);
    expect(fixture.api.app.get(CommandBus)).toBeInstanceOf(CommandBus);
  });

  it('answers liveness and readiness, and names pending migrations when the schema is behind', async () => {
    expect(await fixture.request('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await fixture.request('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
    await fixture.sql.query(
      `DELETE FROM chronicle_migrations.migrations WHERE name = '0003_migration_ledger_readable'`,
    );
    try {
      const behind = await fixture.request('GET', '/readyz');
      expect(behind).toMatchObject({
        status: 503,
        body: { pendingMigrations: ['0003_migration_ledger_readable'] },
      });
    } finally {
      await fixture.sql.query(
        `INSERT INTO chronicle_migrations.migrations (name, run_on) VALUES ('0003_migration_ledger_readable', now())`,
      );
    }
  });

  it('serves Prometheus metrics, including the requests it answered', async () => {
    await fixture.request('GET', '/healthz');
    const metrics = await fixture.request<string>('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain(
      'chronicle_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}',
    );
    expect(metrics.body).toContain('process_resident_memory_bytes');
  });

  it('publishes an OpenAPI 3.1 document of every command route, and a browsable UI', async () => {
    const { status, body } = await fixture.request<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/messages',
        '/api/sources',
        '/api/sources/{sourceId}/rename',
        '/api/tenants',
        '/api/producer-clients',
        '/api/users/{username}/grant-role',
      ]),
    );
    const docs = await fixture.request<string>('GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('swagger-ui');
  });

  it('answers an unknown route 404 as a problem document, and a request without a token 401', async () => {
    const unknown = await fixture.request('GET', '/api/nothing-here');
    expect(unknown).toMatchObject({ status: 404 });
    const anonymous = await fixture.request('POST', '/api/sources', { body: {} });
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'TOKEN_MISSING' } });
    const forged = await fixture.request('POST', '/api/sources', { token: 'not.a.token', body: {} });
    expect(forged).toMatchObject({ status: 401, body: { code: 'TOKEN_REJECTED' } });
  });
});
