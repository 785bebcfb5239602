import { adminApi } from './keycloak-users.js';
import type { DevState } from '@chronicle/devstack';

type KeycloakLogin = Pick<DevState['keycloak'], 'url' | 'adminUsername' | 'adminPassword'>;

/** A client's secret as Keycloak holds it, read with the run's admin login (what the test compares with). */
export async function clientSecret(
  keycloak: KeycloakLogin,
  realm: string,
  clientId: string,
): Promise<string> {
  const admin = await adminApi(keycloak);
  const clients = `${keycloak.url}/admin/realms/${realm}/clients`;
  const [client] = await admin<{ id: string }[]>(`${clients}?${new URLSearchParams({ clientId })}`);
  if (!client) throw new Error(`no client ${clientId} in realm ${realm}`);
  return (await admin<{ value: string }>(`${clients}/${client.id}/client-secret`)).value;
}

/** The HTTP status of a client-credentials grant with this secret, as a producer asks for its token. */
export async function clientCredentialsStatus(
  keycloakUrl: string,
  realm: string,
  clientId: string,
  secret: string,
): Promise<number> {
  const response = await fetch(`${keycloakUrl}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }),
  });
  await response.body?.cancel();
  return response.status;
}
