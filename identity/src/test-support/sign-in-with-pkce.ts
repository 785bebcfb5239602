import { createHash, randomBytes } from 'node:crypto';

export interface PkceSignIn {
  keycloakUrl: string;
  realm: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
}

/**
 * Signs a user in the way the dashboard does (authorization code with PKCE), driving Keycloak's login form
 * with plain HTTP, and returns the access token's claims with the token.
 */
export async function signInWithPkce(
  signIn: PkceSignIn,
): Promise<{ token: string; claims: Record<string, unknown> }> {
  const realmUrl = `${signIn.keycloakUrl}/realms/${signIn.realm}/protocol/openid-connect`;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const authorize = await fetch(
    `${realmUrl}/auth?${new URLSearchParams({
      client_id: signIn.clientId,
      redirect_uri: signIn.redirectUri,
      response_type: 'code',
      scope: 'openid',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`,
    { redirect: 'manual' },
  );
  const page = await authorize.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&');
  if (authorize.status !== 200 || !action) throw new Error(`no login form (HTTP ${authorize.status})`);
  const cookies = authorize.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const login = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: signIn.username, password: signIn.password, credentialId: '' }),
  });
  const location = login.headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  if (login.status !== 302 || !code) throw new Error(`sign-in refused (HTTP ${login.status})`);
  const exchange = await fetch(`${realmUrl}/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: signIn.clientId,
      code,
      redirect_uri: signIn.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (exchange.status !== 200)
    throw new Error(`code exchange failed (HTTP ${exchange.status}): ${await exchange.text()}`);
  const { access_token: token } = (await exchange.json()) as { access_token: string };
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  return { token, claims };
}
