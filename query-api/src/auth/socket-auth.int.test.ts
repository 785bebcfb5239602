import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestTenant } from '@chronicle/command-api/testing';
import { signInWithPkce } from '@chronicle/identity/testing';
import { useQueryApi } from '../test-support/query-api-fixture.js';

const fixture = useQueryApi();

const ME = '{ me { tenant subject roles expiresAt } }';

/** Tokens over HTTP and over the WebSocket, and a socket held to its token's end. */
describe('authentication', () => {
  let acme: TestTenant;

  beforeAll(async () => {
    acme = await fixture.createTenant('auth-acme');
  }, 180_000);

  /** A new token for the tenant's viewer, issued in a later second than `after` (so it ends later). */
  async function freshViewerToken(after: string): Promise<string> {
    const issued = decodeJwt(after).iat!;
    while (Math.floor(Date.now() / 1000) <= issued) await new Promise((resolve) => setTimeout(resolve, 50));
    return (
      await signInWithPkce({
        keycloakUrl: fixture.commands.keycloakUrl,
        realm: 'auth-acme',
        clientId: 'chronicle-ui',
        redirectUri: 'http://localhost:5173/callback',
        username: 'viewer',
        password: 'viewer-password',
      })
    ).token;
  }

  it('answers 401 with WWW-Authenticate to a request without a token or with a bad one', async () => {
    for (const token of [undefined, 'not.a.token', `${acme.viewer.token}x`]) {
      const { status, headers, body } = await fixture.graphql(ME, token ? { token } : {});
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toContain('Bearer');
      expect(body.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
    }
    const { body } = await fixture.graphql(ME, { token: acme.viewer.token });
    expect(body.data).toMatchObject({
      me: { tenant: 'auth-acme', subject: acme.viewer.subject, roles: expect.arrayContaining(['viewer']) },
    });
  });

  it('closes a socket whose connection_init has no token or a bad one with 4401', async () => {
    for (const params of [{}, { authorization: 'Bearer garbage' }, { token: 'garbage' }]) {
      const socket = fixture.socket(params);
      expect(await socket.acknowledged).toBeUndefined();
      expect((await socket.closed).code).toBe(4401);
    }
    const socket = fixture.socket({ token: acme.viewer.token });
    expect(await socket.acknowledged).toEqual({
      expiresAt: new Date(decodeJwt(acme.viewer.token).exp! * 1000).toISOString(),
    });
    await socket.close();
  });

  it('closes a socket with 4401 when its token expires, ending its subscriptions', async () => {
    const socket = fixture.socket({ authorization: `Bearer ${acme.viewer.token}` });
    const { expiresAt } = (await socket.acknowledged)!;
    const me = await socket.execute<{ me: { subject: string } }>(ME);
    expect(me.data!.me.subject).toBe(acme.viewer.subject);
    fixture.clock.advanceTo(Date.parse(expiresAt as string) + 1);
    expect(await socket.closed).toEqual({ code: 4401, reason: 'Token expired' });
  });

  it('keeps a socket open past the old end after `reauthenticate` with a fresh token, until the new end', async () => {
    const first = await freshViewerToken(acme.viewer.token);
    const socket = fixture.socket({ authorization: `Bearer ${first}` });
    const { expiresAt: firstEnd } = (await socket.acknowledged)!;
    const fresh = await freshViewerToken(first);
    const renewed = await socket.execute<{ reauthenticate: { subject: string; expiresAt: string } }>(
      'mutation Renew($token: String!) { reauthenticate(token: $token) { subject expiresAt } }',
      { token: fresh },
    );
    const freshEnd = new Date(decodeJwt(fresh).exp! * 1000).toISOString();
    expect(renewed.data!.reauthenticate).toEqual({ subject: acme.viewer.subject, expiresAt: freshEnd });
    expect(Date.parse(freshEnd)).toBeGreaterThan(Date.parse(firstEnd as string));

    fixture.clock.advanceTo(Date.parse(firstEnd as string) + 1);
    const me = await socket.execute<{ me: { expiresAt: string } }>(ME);
    expect(me.data!.me.expiresAt).toBe(freshEnd);
    fixture.clock.advanceTo(Date.parse(freshEnd) + 1);
    expect((await socket.closed).code).toBe(4401);
  });

  it("refuses a suspended tenant's tokens (socket closed with 4403, HTTP 403) until it is reactivated", async () => {
    const paused = await fixture.createTenant('auth-paused');
    const platform = await fixture.commands.platformAdminToken();
    const suspended = await fixture.commands.request('POST', '/api/tenants/auth-paused/suspend', {
      token: platform,
      body: { reason: 'unpaid invoice' },
    });
    expect(suspended.status).toBe(200);

    await eventually(async () =>
      expect((await fixture.graphql(ME, { token: paused.viewer.token })).status).toBe(403),
    );
    const refused = await fixture.graphql(ME, { token: paused.viewer.token });
    expect(refused.body.errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    expect(refused.body.errors![0]!.message).toMatch(/suspended/);
    const socket = fixture.socket({ token: paused.viewer.token });
    expect(await socket.acknowledged).toBeUndefined();
    const closed = await socket.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/suspended/);
    // Another tenant's sockets are untouched.
    const other = fixture.socket({ token: acme.viewer.token });
    expect(await other.acknowledged).toBeDefined();
    await other.close();

    const reactivated = await fixture.commands.request('POST', '/api/tenants/auth-paused/reactivate', {
      token: platform,
    });
    expect(reactivated.status).toBe(200);
    await eventually(async () =>
      expect((await fixture.graphql(ME, { token: paused.viewer.token })).status).toBe(200),
    );
    const again = fixture.socket({ token: paused.viewer.token });
    expect(await again.acknowledged).toBeDefined();
    await again.close();
  });

  it("refuses `reauthenticate` with another subject's token, and over HTTP", async () => {
    const socket = fixture.socket({ authorization: `Bearer ${acme.viewer.token}` });
    await socket.acknowledged;
    const refused = await socket.execute(
      'mutation Renew($token: String!) { reauthenticate(token: $token) { subject } }',
      { token: acme.admin.token },
    );
    expect(refused.errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    expect((await socket.execute<{ me: { subject: string } }>(ME)).data!.me.subject).toBe(
      acme.viewer.subject,
    );
    await socket.close();

    const overHttp = await fixture.graphql(
      'mutation Renew($token: String!) { reauthenticate(token: $token) { subject } }',
      { token: acme.viewer.token, variables: { token: acme.viewer.token } },
    );
    expect(overHttp.body.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT' } }]);
  });
});
