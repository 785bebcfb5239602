import { beforeAll, describe, expect, it } from 'vitest';
import { testKeycloak } from '@chronicle/devstack/testing';
import { connectKeycloakAdmin, type KeycloakAdmin } from '../keycloak/keycloak-admin.js';
import { signInWithPkce } from '../test-support/sign-in-with-pkce.js';
import { bootstrapPlatform } from './bootstrap-platform.js';
import { API_CLIENT_ID, PLATFORM_REALM, UI_CLIENT_ID } from './platform-realm.js';

const options = {
  uiOrigins: ['http://localhost:5173'],
  demoUsers: [
    { username: 'platform-admin', password: 'demo-platform-admin', roles: ['platform-admin'] as const },
    { username: 'ops', password: 'demo-ops', roles: ['ops'] as const },
  ],
};

/** Against the run's real Keycloak. */
describe('platform bootstrap', () => {
  let admin: KeycloakAdmin;
  let firstRun: string[];
  beforeAll(async () => {
    admin = await connectKeycloakAdmin(testKeycloak());
    firstRun = await bootstrapPlatform(admin, options);
  });

  it('creates the platform realm, its roles, clients, audience mapper and demo users', () => {
    expect(firstRun).toEqual(
      expect.arrayContaining([
        `realm ${PLATFORM_REALM}`,
        'role platform-admin',
        'role ops',
        `client ${API_CLIENT_ID}`,
        `client ${UI_CLIENT_ID}`,
        'user platform-admin',
        'user ops',
      ]),
    );
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
