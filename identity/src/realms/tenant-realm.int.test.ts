import * as openid from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { testKeycloak } from '@chronicle/devstack/testing';
import { connectKeycloakAdmin, type KeycloakAdmin } from '../keycloak/keycloak-admin.js';
import {
  ensureProducerClient,
  ensureTenantRealm,
  ensureTenantUser,
  readProducerSecret,
  rotateProducerSecret,
  setTenantRealmEnabled,
  setTenantRole,
  TENANT_REALM_ROLES,
} from './tenant-realm.js';

const tenant = 'realm-steps';
const settings = { displayName: 'Realm steps', enabled: true, uiOrigins: ['http://localhost:5173'] };

/** Against the run's real Keycloak. */
describe('tenant realm steps', () => {
  const keycloak = testKeycloak();
  let admin: KeycloakAdmin;
  beforeAll(async () => {
    admin = await connectKeycloakAdmin(keycloak);
  });

  const secretOf = async (clientId: string) => {
    const [client] = await admin.clients.find({ realm: tenant, clientId });
    return (await admin.clients.getClientSecret({ realm: tenant, id: client!.id! })).value!;
  };
  const tokenFor = async (clientId: string, secret: string) => {
    const config = await openid.discovery(
      new URL(`${keycloak.url}/realms/${tenant}`),
      clientId,
      secret,
      undefined,
      {
        execute: [openid.allowInsecureRequests],
      },
    );
    return (await openid.clientCredentialsGrant(config)).access_token;
  };

  it('create the realm with the tenant roles and Chronicle clients, then change nothing on a second run', async () => {
    const first = await ensureTenantRealm(admin, tenant, settings);
    expect(first).toEqual(
      expect.arrayContaining([`realm ${tenant}`, 'role tenant-admin', 'client chronicle-ui']),
    );
    expect(await ensureTenantRealm(admin, tenant, settings)).toEqual([]);
    const roles = (await admin.roles.find({ realm: tenant })).map((role) => role.name);
    expect(roles).toEqual(expect.arrayContaining([...TENANT_REALM_ROLES]));
  });

  it('register a producer that gets tokens by client credentials, with role producer and the API audience', async () => {
    expect(await ensureProducerClient(admin, tenant, 'meter-1')).toContain('client meter-1');
    expect(await ensureProducerClient(admin, tenant, 'meter-1')).toEqual([]);
    const token = await tokenFor('meter-1', await secretOf('meter-1'));
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      aud: string | string[];
      realm_access: { roles: string[] };
    };
    expect([claims.aud].flat()).toContain('chronicle-api');
    expect(claims.realm_access.roles).toContain('producer');
  });

  it('rotate a secret once per request: the old one stops working, a replayed request changes nothing', async () => {
    const old = await secretOf('meter-1');
    const rotated = await rotateProducerSecret(admin, tenant, 'meter-1', 1);
    const fresh = await secretOf('meter-1');
    expect(rotated).toEqual({ status: 'rotated', secret: fresh });
    expect(fresh).not.toBe(old);
    await expect(tokenFor('meter-1', old)).rejects.toThrow();
    await expect(tokenFor('meter-1', fresh)).resolves.toBeTypeOf('string');
    expect(await rotateProducerSecret(admin, tenant, 'meter-1', 1)).toEqual({ status: 'current' });
    expect(await readProducerSecret(admin, tenant, 'meter-1')).toBe(fresh);
    await rotateProducerSecret(admin, tenant, 'meter-1', 2);
    expect(await rotateProducerSecret(admin, tenant, 'meter-1', 1)).toEqual({
      status: 'superseded',
      applied: 2,
    });
  });

  it('invite users and grant and revoke their roles, each once', async () => {
    const created = await ensureTenantUser(admin, tenant, { username: 'alice', email: 'alice@example.com' });
    const [alice] = await admin.users.find({ realm: tenant, username: 'alice', exact: true });
    expect(created).toEqual({ changed: ['user alice'], subject: alice!.id });
    expect(await ensureTenantUser(admin, tenant, { username: 'alice', email: 'alice@example.com' })).toEqual({
      changed: [],
      subject: alice!.id,
    });
    expect(await setTenantRole(admin, tenant, 'alice', 'viewer', true)).toEqual([
      'role viewer granted to alice',
    ]);
    expect(await setTenantRole(admin, tenant, 'alice', 'viewer', true)).toEqual([]);
    expect(await setTenantRole(admin, tenant, 'alice', 'viewer', false)).toEqual([
      'role viewer revoked from alice',
    ]);
    expect(alice!.requiredActions).toContain('UPDATE_PASSWORD');
  });

  it('disable the realm (no more tokens) and enable it again', async () => {
    const secret = await secretOf('meter-1');
    expect(await setTenantRealmEnabled(admin, tenant, false)).toEqual([`realm ${tenant} disabled`]);
    await expect(tokenFor('meter-1', secret)).rejects.toThrow();
    expect(await setTenantRealmEnabled(admin, tenant, true)).toEqual([`realm ${tenant} enabled`]);
    await expect(tokenFor('meter-1', secret)).resolves.toBeTypeOf('string');
  });
});
