import type { KeycloakAdmin } from '../keycloak/keycloak-admin.js';
import {
  ensureAudienceMapper,
  ensureClient,
  ensureRealm,
  ensureRealmRoleMapping,
  ensureRealmRoles,
  ensureUser,
} from '../keycloak/realm-resources.js';
import { apiAudienceClient, uiClient } from '../keycloak/chronicle-clients.js';
import { API_CLIENT_ID, PLATFORM_REALM, PLATFORM_ROLES, type PlatformRole } from './platform-realm.js';

export interface DemoUser {
  username: string;
  /** Local demo credential: only ever used against a local Keycloak. */
  password: string;
  roles: readonly PlatformRole[];
}

export interface PlatformBootstrapOptions {
  /** Origins the dashboard is served from, e.g. http://localhost:5173. */
  uiOrigins: readonly string[];
  /** Users to create for local runs; none in real deployments. */
  demoUsers?: readonly DemoUser[];
}

/**
 * Brings the platform realm to its desired state: the realm, its roles, the API audience client, the UI
 * client with its audience mapper, and (locally) demo users. Idempotent: it only creates or corrects what
 * differs, and returns what it changed, so a second run returns nothing.
 */
export async function bootstrapPlatform(
  admin: KeycloakAdmin,
  options: PlatformBootstrapOptions,
): Promise<string[]> {
  const changed: string[] = [];
  const realm = PLATFORM_REALM;
  await ensureRealm(admin, changed, realm, { displayName: 'Chronicle platform', enabled: true });
  await ensureRealmRoles(admin, changed, realm, PLATFORM_ROLES);
  await ensureClient(admin, changed, realm, apiAudienceClient());
  const ui = uiClient(options.uiOrigins);
  const uiId = await ensureClient(admin, changed, realm, ui);
  await ensureAudienceMapper(admin, changed, realm, { id: uiId, clientId: ui.clientId }, API_CLIENT_ID);
  for (const user of options.demoUsers ?? []) {
    const id = await ensureUser(admin, changed, realm, {
      username: user.username,
      email: `${user.username}@demo.chronicle.local`,
      lastName: 'Demo',
      password: user.password,
    });
    for (const role of user.roles) {
      await ensureRealmRoleMapping(admin, changed, realm, { id, name: user.username }, role, true);
    }
  }
  return changed;
}
