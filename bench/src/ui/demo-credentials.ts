import { connectKeycloakAdmin, UI_CLIENT_ID } from '@chronicle/identity';
import { signInWithPkce } from '@chronicle/identity/testing';
import type { RunningProduct } from '@chronicle/devstack';

/** A demo user of the state file signed in as the dashboard signs in (code + PKCE): token and subject. */
export async function signInDemoUser(
  product: RunningProduct,
  username: string,
): Promise<{ token: string; subject: string }> {
  const login = product.login(username);
  const { token, claims } = await signInWithPkce({
    keycloakUrl: product.state.keycloak.url,
    realm: login.realm,
    clientId: UI_CLIENT_ID,
    redirectUri: `${product.uiUrl}/t/${login.realm}/callback`,
    username: login.username,
    password: login.password,
  });
  return { token, subject: String(claims.sub) };
}

/**
 * A client-credentials token of the demo producer's client (`npm start` made it in the demo realm), its
 * secret read through the Keycloak admin API with the state file's admin login, as `npm start` reads it.
 */
export async function demoProducerToken(product: RunningProduct, realm: string, clientId: string) {
  const { url, adminUsername, adminPassword } = product.state.keycloak;
  const admin = await connectKeycloakAdmin({ url, username: adminUsername, password: adminPassword });
  const [client] = await admin.clients.find({ realm, clientId });
  if (!client?.id) throw new Error(`realm ${realm} has no client ${clientId}`);
  const secret = await admin.clients.getClientSecret({ realm, id: client.id });
  const response = await fetch(`${url}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret.value!,
    }),
  });
  if (!response.ok) throw new Error(`client credentials refused: HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
