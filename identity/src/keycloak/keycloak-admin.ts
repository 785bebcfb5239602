import KeycloakAdminClient from '@keycloak/keycloak-admin-client';

/** An administrator's login to a Keycloak server (the master realm's admin). */
export interface KeycloakAdminLogin {
  url: string;
  username: string;
  password: string;
}

export type KeycloakAdmin = KeycloakAdminClient;

/** A client of Keycloak's admin API, logged in through the master realm's admin-cli client. */
export async function connectKeycloakAdmin(login: KeycloakAdminLogin): Promise<KeycloakAdmin> {
  const admin = new KeycloakAdminClient({ baseUrl: login.url, realmName: 'master' });
  await admin.auth({
    grantType: 'password',
    clientId: 'admin-cli',
    username: login.username,
    password: login.password,
  });
  return admin;
}
