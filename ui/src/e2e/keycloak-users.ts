import type { DevState } from '@chronicle/devstack';

type KeycloakLogin = Pick<DevState['keycloak'], 'url' | 'adminUsername' | 'adminPassword'>;

/**
 * What an invited user does on first login (identity/src/test-support/complete-invitation.ts), through
 * Keycloak's admin REST API with the run's admin login: once the realm reconciler has made the user with
 * its role, choose a password and leave nothing else to do. Returns the user's subject.
 */
export async function completeInvitation(
  keycloak: KeycloakLogin,
  user: { realm: string; username: string; role: string; password: string },
  timeoutMs = 60_000,
): Promise<{ subject: string }> {
  const realmUsers = `${keycloak.url}/admin/realms/${user.realm}/users`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const admin = await adminApi(keycloak);
    const found = await admin<{ id: string }[]>(
      `${realmUsers}?${new URLSearchParams({ username: user.username, exact: 'true' })}`,
    ).catch(() => []);
    const id = found[0]?.id;
    const roles = id ? await admin<{ name: string }[]>(`${realmUsers}/${id}/role-mappings/realm`) : [];
    if (id && roles.some((role) => role.name === user.role)) {
      await admin(`${realmUsers}/${id}/reset-password`, 'PUT', {
        type: 'password',
        value: user.password,
        temporary: false,
      });
      await admin(`${realmUsers}/${id}`, 'PUT', { requiredActions: [] });
      return { subject: id };
    }
    if (Date.now() > deadline)
      throw new Error(`${user.username} with role ${user.role} did not appear in realm ${user.realm}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Calls of the admin API with a fresh token (admin-cli tokens of the master realm live a minute). */
export async function adminApi(keycloak: KeycloakLogin) {
  const response = await fetch(`${keycloak.url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: keycloak.adminUsername,
      password: keycloak.adminPassword,
    }),
  });
  if (!response.ok) throw new Error(`Keycloak admin login refused (HTTP ${response.status})`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  return async <T = unknown>(url: string, method = 'GET', body?: unknown): Promise<T> => {
    const answer = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!answer.ok) throw new Error(`${method} ${url}: HTTP ${answer.status}`);
    const text = await answer.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
