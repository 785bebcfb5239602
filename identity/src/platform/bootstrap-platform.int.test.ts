import { beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_DEMO_USERS, UI_ORIGIN } from '@chronicle/devstack';
import { testKeycloak } from '@chronicle/devstack/testing';
import { connectKeycloakAdmin, type KeycloakAdmin } from '../keycloak/keycloak-admin.js';
import { signInWithPkce } from '../test-support/sign-in-with-pkce.js';
import { bootstrapPlatform } from './bootstrap-platform.js';
import { API_CLIENT_ID, PLATFORM_REALM, UI_CLIENT_ID } from './platform-realm.js';

const options = { uiOrigins: [UI_ORIGIN], demoUsers: PLATFORM_DEMO_USERS };

/** Against the run's real Keycloak. */
describe('platform bootstrap', () => {
  let admin: KeycloakAdmin;
  beforeAll(async () => {
    admin = await connectKeycloakAdmin(testKeycloak());
    // The test setup ran it already (as `npm start` does); this run finds everything in place.
    await bootstrapPlatform(admin, options);
  });

  it('has made the platform realm, its roles, clients, audience mapper and demo users', async () => {
    const realm = PLATFORM_REALM;
    expect(await admin.realms.findOne({ realm })).toMatchObject({ enabled: true });
    const roles = (await admin.roles.find({ realm })).map((role) => role.name);
    expect(roles).toEqual(expect.arrayContaining(['platform-admin', 'ops']));
    const [api] = await admin.clients.find({ realm, clientId: API_CLIENT_ID });
    expect(api).toMatchObject({
      publicClient: false,
      standardFlowEnabled: false,
      serviceAccountsEnabled: false,
    });
    const [ui] = await admin.clients.find({ realm, clientId: UI_CLIENT_ID });
    const mappers = await admin.clients.listProtocolMappers({ realm, id: ui!.id! });
    expect(mappers.map((mapper) => mapper.protocolMapper)).toContain('oidc-audience-mapper');
    const users = (await admin.users.find({ realm })).map((user) => user.username);
    expect(users).toEqual(expect.arrayContaining(['platform-admin', 'ops']));
  });

  it('is idempotent: a second run changes nothing', async () => {
    expect(await bootstrapPlatform(admin, options)).toEqual([]);
  });

  it('corrects a client setting changed by hand in Keycloak', async () => {
    const [ui] = await admin.clients.find({ realm: PLATFORM_REALM, clientId: UI_CLIENT_ID });
    await admin.clients.update(
      { realm: PLATFORM_REALM, id: ui!.id! },
      { ...ui, directAccessGrantsEnabled: true },
    );
    expect(await bootstrapPlatform(admin, options)).toEqual([`client ${UI_CLIENT_ID} settings`]);
    const [fixed] = await admin.clients.find({ realm: PLATFORM_REALM, clientId: UI_CLIENT_ID });
    expect(fixed).toMatchObject({
      publicClient: true,
      directAccessGrantsEnabled: false,
      standardFlowEnabled: true,
    });
    expect(fixed!.attributes).toMatchObject({ 'pkce.code.challenge.method': 'S256' });
    expect(fixed!.redirectUris).toEqual(['http://localhost:5173/*']);
  });

  it('lets a demo user sign in to the dashboard with PKCE, with their role and the API audience in the token', async () => {
    const { url } = testKeycloak();
    const { claims } = await signInWithPkce({
      keycloakUrl: url,
      realm: PLATFORM_REALM,
      clientId: UI_CLIENT_ID,
      redirectUri: 'http://localhost:5173/callback',
      username: 'ops',
      password: 'demo-ops',
    });
    expect(claims).toMatchObject({ iss: `${url}/realms/${PLATFORM_REALM}`, azp: UI_CLIENT_ID });
    expect([claims.aud].flat()).toContain(API_CLIENT_ID);
    const roles = (claims.realm_access as { roles: string[] }).roles;
    expect(roles).toContain('ops');
    expect(roles).not.toContain('platform-admin');
  });

  it('refuses a redirect URI outside the dashboard origins', async () => {
    const { url } = testKeycloak();
    await expect(
      signInWithPkce({
        keycloakUrl: url,
        realm: PLATFORM_REALM,
        clientId: UI_CLIENT_ID,
        redirectUri: 'http://evil.example/callback',
        username: 'ops',
        password: 'demo-ops',
      }),
    ).rejects.toThrow(/no login form/);
  });
});
