import { startLocalKeycloak, type LocalKeycloak } from './local-keycloak.js';

/** The Keycloak a run uses: the one KEYCLOAK_URL names, or a local one started here. */
export interface KeycloakServer {
  readonly url: string;
  readonly adminUsername: string;
  readonly adminPassword: string;
  /** Present when this process started the server. */
  readonly local?: LocalKeycloak;
  stop(): Promise<void>;
}

export async function openKeycloakServer(log?: (line: string) => void): Promise<KeycloakServer> {
  const url = process.env.KEYCLOAK_URL;
  if (url) {
    const adminUsername = process.env.KEYCLOAK_ADMIN_USERNAME;
    const adminPassword = process.env.KEYCLOAK_ADMIN_PASSWORD;
    if (!adminUsername || !adminPassword) {
      throw new Error('KEYCLOAK_URL is set: set KEYCLOAK_ADMIN_USERNAME and KEYCLOAK_ADMIN_PASSWORD as well');
    }
    return { url: url.replace(/\/+$/, ''), adminUsername, adminPassword, stop: async () => {} };
  }
  const local = await startLocalKeycloak(log);
  return {
    url: local.url,
    adminUsername: local.adminUsername,
    adminPassword: local.adminPassword,
    local,
    stop: local.stop,
  };
}
