import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, useCommandApi, type TestTenant } from '../test-support/command-api-fixture.js';

const fixture = useCommandApi();

describe('tenant commands', () => {
  let acme: TestTenant;
  let platform: string;

  beforeAll(async () => {
    acme = await fixture.createTenant('ten-acme');
    platform = await fixture.platformAdminToken();
  }, 120_000);

  it('provisions a tenant registered by a platform admin, with its users and producer, in Keycloak', async () => {
    const realm = await fixture.keycloak.realms.findOne({ realm: 'ten-acme' });
    expect(realm).toMatchObject({ enabled: true, displayName: 'Tenant ten-acme' });
    const { rows } = await fixture.sql.query(
      `SELECT event_type FROM chronicle.events WHERE tenant_id = 'ten-acme' AND stream_id = 'tenant' ORDER BY stream_version`,
    );
    expect(rows.map((row) => row.event_type)).toEqual(
      expect.arrayContaining([
        'TenantRegistered',
        'RealmProvisioned',
        'UserInvited',
        'RoleGranted',
        'ProducerClientRegistered',
      ]),
    );
  });

  it('keeps tenant management to platform admins, and tenant data away from platform tokens', async () => {
    const asTenantAdmin = await fixture.request('POST', '/api/tenants', {
      token: acme.admin.token,
      body: { tenantId: 'ten-sneaky', displayName: 'Sneaky' },
    });
    expect(asTenantAdmin).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const asPlatform = await fixture.request('POST', '/api/sources', {
      token: platform,
      body: { sourceId: 'x-1', name: 'X', ownerSubject: 's' },
    });
    expect(asPlatform.status).toBe(403);
  });

  it('refuses a second registration of a tenant, a reserved id and an invalid id, naming the field', async () => {
    const again = await fixture.request('POST', '/api/tenants', {
      token: platform,
      body: { tenantId: 'ten-acme', displayName: 'Again' },
    });
    expect(again).toMatchObject({ status: 409 });
    const reserved = await fixture.request('POST', '/api/tenants', {
      token: platform,
      body: { tenantId: 'platform', displayName: 'Mine' },
    });
    expect(reserved).toMatchObject({ status: 422, body: { field: 'tenantId' } });
    const invalid = await fixture.request('POST', '/api/tenants', {
      token: platform,
      body: { tenantId: 'Bad_Tenant!', displayName: 'Bad' },
    });
    expect(invalid).toMatchObject({ status: 422, body: { field: 'tenantId' } });
  });

  it("refuses a tenant admin's unknown role and unknown user with clear 4xx answers", async () => {
    const role = await fixture.request('POST', '/api/users/viewer/grant-role', {
      token: acme.admin.token,
      body: { role: 'superuser' },
    });
    expect(role).toMatchObject({ status: 422, body: { field: 'role' } });
    const user = await fixture.request('POST', '/api/users/nobody/grant-role', {
      token: acme.admin.token,
      body: { role: 'viewer' },
    });
    expect(user).toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
  });

  it('suspends a tenant: its tokens are refused from then on; reactivation lets them in again', async () => {
    const write = () =>
      fixture.request('POST', '/api/users', {
        token: acme.admin.token,
        body: { username: `u${Date.now()}`, email: `u${Date.now()}@ten-acme.test` },
      });
    const suspended = await fixture.request('POST', '/api/tenants/ten-acme/suspend', {
      token: platform,
      body: { reason: 'unpaid invoice' },
    });
    expect(suspended.status).toBe(200);
    await eventually(async () => expect((await write()).status).toBe(401));
    const reactivated = await fixture.request('POST', '/api/tenants/ten-acme/reactivate', {
      token: platform,
    });
    expect(reactivated.status).toBe(200);
    await eventually(async () => expect((await write()).status).toBe(201));
  });
});
