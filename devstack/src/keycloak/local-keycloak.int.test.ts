import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeycloakServer, type KeycloakServer } from './keycloak-server.js';
import { startLocalKeycloak } from './local-keycloak.js';

/** The Keycloak that `npm start` and the tests use: fetched, cached, started and stopped by our script. */
describe('the local Keycloak', () => {
  let server: KeycloakServer;
  beforeAll(async () => {
    server = await openKeycloakServer();
  }, 300_000);
  afterAll(() => server?.stop());

  const token = (password: string) =>
    fetch(`${server.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: server.adminUsername,
        password,
      }),
    });

  it('serves OpenID discovery and accepts its admin credentials, and no others', async () => {
    const discovery = await fetch(`${server.url}/realms/master/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(await discovery.json()).toMatchObject({ issuer: `${server.url}/realms/master` });
    const granted = await token(server.adminPassword);
    expect(granted.status).toBe(200);
    expect(await granted.json()).toHaveProperty('access_token');
    const refused = await token(`${server.adminPassword}-wrong`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('stops what it started, with nothing left running, and never a server it did not start', async () => {
    await server.stop();
    if (server.local) {
      expect(() => process.kill(-server.local!.pid, 0)).toThrow();
      await expect(fetch(`${server.url}/realms/master`)).rejects.toThrow();
    } else {
      // KEYCLOAK_URL names a server of someone else's: it must still be serving.
      expect((await fetch(`${server.url}/realms/master`)).status).toBe(200);
    }
  });

  it('names what to install when Java is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startLocalKeycloak()).rejects.toThrow(/Java 17 or newer is needed.*KEYCLOAK_URL/s);
    } finally {
      process.env.PATH = path;
    }
  });
});
