import { beforeAll, describe, expect, it } from 'vitest';
import { useCommandApi, type TestTenant } from '../test-support/command-api-fixture.js';

const fixture = useCommandApi();

describe('source commands', () => {
  let acme: TestTenant;
  let globex: TestTenant;

  beforeAll(async () => {
    [acme, globex] = await Promise.all([
      fixture.createTenant('src-acme'),
      fixture.createTenant('src-globex'),
    ]);
  }, 120_000);

  const post = (token: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    fixture.request('POST', path, {
      token,
      ...(body === undefined ? {} : { body }),
      ...(headers ? { headers } : {}),
    });

  it('lets a tenant admin register, rename, transfer and retire a source, each a versioned event', async () => {
    const registered = await post(acme.admin.token, '/api/sources', {
      sourceId: 'boiler-1',
      name: 'Boiler',
      ownerSubject: acme.viewer.subject,
      unit: '°C',
    });
    expect(registered).toMatchObject({ status: 201, body: { sourceId: 'boiler-1', version: 1 } });
    expect(registered.headers.get('etag')).toBe('"1"');
    expect(
      (await post(acme.admin.token, '/api/sources/boiler-1/rename', { name: 'Main boiler' })).body,
    ).toEqual({
      sourceId: 'boiler-1',
      version: 2,
    });
    expect(
      (
        await post(acme.admin.token, '/api/sources/boiler-1/transfer-ownership', {
          newOwnerSubject: 'someone-else',
        })
      ).body,
    ).toEqual({ sourceId: 'boiler-1', version: 3 });
    expect((await post(acme.admin.token, '/api/sources/boiler-1/retire')).status).toBe(200);
    const { rows } = await fixture.sql.query(
      `SELECT event_type, data, metadata->>'actor' AS actor FROM chronicle.events
        WHERE tenant_id = 'src-acme' AND stream_id = 'source-boiler-1' ORDER BY stream_version`,
    );
    expect(rows.map((row) => row.event_type)).toEqual([
      'SourceRegistered',
      'SourceRenamed',
      'SourceOwnershipTransferred',
      'SourceRetired',
    ]);
    expect(rows[0].data).toMatchObject({ ownerSubject: acme.viewer.subject, unit: '°C' });
    expect(new Set(rows.map((row) => row.actor))).toEqual(new Set([acme.admin.subject]));
    // Retired is final.
    expect(await post(acme.admin.token, '/api/sources/boiler-1/rename', { name: 'Again' })).toMatchObject({
      status: 409,
      body: { code: 'SOURCE_RETIRED' },
    });
  });

  it('refuses a change made against a stale version (If-Match) with 409, and applies a current one', async () => {
    await post(acme.admin.token, '/api/sources', {
      sourceId: 'pump-1',
      name: 'Pump',
      ownerSubject: acme.viewer.subject,
    });
    await post(acme.admin.token, '/api/sources/pump-1/rename', { name: 'Pump A' });
    const before = await fixture.eventCount();
    const stale = await post(
      acme.admin.token,
      '/api/sources/pump-1/rename',
      { name: 'Pump B' },
      { 'if-match': '"1"' },
    );
    expect(stale).toMatchObject({ status: 409, body: { code: 'VERSION_CONFLICT' } });
    expect(String(stale.body.detail)).toContain('version 2');
    expect(await fixture.eventCount()).toBe(before);
    const current = await post(
      acme.admin.token,
      '/api/sources/pump-1/rename',
      { name: 'Pump B' },
      { 'if-match': '"2"' },
    );
    expect(current).toMatchObject({ status: 200, body: { version: 3 } });
    const malformed = await post(
      acme.admin.token,
      '/api/sources/pump-1/rename',
      { name: 'Pump C' },
      { 'if-match': 'yesterday' },
    );
    expect(malformed).toMatchObject({ status: 400, body: { field: 'If-Match' } });
  });

  it('answers a repeated registration with its first answer instead of a conflict', async () => {
    const body = { sourceId: 'fan-1', name: 'Fan', ownerSubject: acme.viewer.subject };
    const key = crypto.randomUUID();
    const first = await fixture.request('POST', '/api/sources', { token: acme.admin.token, key, body });
    const again = await fixture.request('POST', '/api/sources', { token: acme.admin.token, key, body });
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const twice = await post(acme.admin.token, '/api/sources', body);
    expect(twice).toMatchObject({ status: 409, body: { code: 'SOURCE_ALREADY_REGISTERED' } });
  });

  it('keeps viewers and producers out (403), and another tenant’s admin finds nothing (404)', async () => {
    await post(acme.admin.token, '/api/sources', {
      sourceId: 'valve-1',
      name: 'Valve',
      ownerSubject: acme.viewer.subject,
    });
    for (const token of [acme.viewer.token, acme.producer.token]) {
      expect((await post(token, '/api/sources/valve-1/rename', { name: 'Mine' })).status).toBe(403);
    }
    const foreign = await post(globex.admin.token, '/api/sources/valve-1/rename', { name: 'Ours now' });
    expect(foreign).toMatchObject({ status: 404 });
    const { rows } = await fixture.sql.query(
      `SELECT 1 FROM chronicle.events WHERE tenant_id = 'src-globex' AND stream_id = 'source-valve-1'`,
    );
    expect(rows).toEqual([]);
  });

  it.each([
    [
      'an injected source id',
      { sourceId: "x'); DELETE FROM chronicle.events; --", name: 'X', ownerSubject: 's' },
      'sourceId',
    ],
    ['a blank name', { sourceId: 'blank-1', name: '   ', ownerSubject: 's' }, 'name'],
    ['a missing owner', { sourceId: 'owner-1', name: 'X' }, 'ownerSubject'],
    ['a numeric name', { sourceId: 'num-1', name: 42, ownerSubject: 's' }, 'name'],
  ])('refuses %s with 422 naming the field', async (_, body, field) => {
    const before = await fixture.eventCount();
    const response = await post(acme.admin.token, '/api/sources', body);
    expect(response).toMatchObject({ status: 422, body: { field } });
    expect(await fixture.eventCount()).toBe(before);
  });

  it('refuses an invalid source id in the path with 422 naming it', async () => {
    const response = await post(acme.admin.token, `/api/sources/${encodeURIComponent('a b')}/rename`, {
      name: 'X',
    });
    expect(response).toMatchObject({ status: 422, body: { field: 'sourceId' } });
  });
});
