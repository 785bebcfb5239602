import type { KeycloakAdmin } from '../keycloak/keycloak-admin.js';
import {
  API_CLIENT_ID,
  PLATFORM_REALM,
  PLATFORM_ROLES,
  UI_CLIENT_ID,
  type PlatformRole,
} from './platform-realm.js';

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

  if (!(await admin.realms.findOne({ realm }))) {
    await admin.realms.create({ realm, enabled: true, displayName: 'Chronicle platform' });
    changed.push(`realm ${realm}`);
  }
  for (const name of PLATFORM_ROLES) {
    if (!(await admin.roles.findOneByName({ realm, name }))) {
      await admin.roles.create({ realm, name });
      changed.push(`role ${name}`);
    }
  }

  await ensureClient(admin, changed, {
    clientId: API_CLIENT_ID,
    name: 'Chronicle API (audience)',
    publicClient: false,
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
  });
  const uiId = await ensureClient(admin, changed, {
    clientId: UI_CLIENT_ID,
    name: 'Chronicle dashboard',
    publicClient: true,
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    redirectUris: options.uiOrigins.map((origin) => `${origin}/*`),
    webOrigins: [...options.uiOrigins],
    attributes: {
      'pkce.code.challenge.method': 'S256',
      'post.logout.redirect.uris': options.uiOrigins.map((origin) => `${origin}/*`).join('##'),
    },
  });
  const mappers = await admin.clients.listProtocolMappers({ realm, id: uiId });
  if (!mappers.some((mapper) => mapper.name === 'chronicle-api audience')) {
    await admin.clients.addProtocolMapper(
      { realm, id: uiId },
      {
        name: 'chronicle-api audience',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-audience-mapper',
        config: {
          'included.client.audience': API_CLIENT_ID,
          'access.token.claim': 'true',
          'id.token.claim': 'false',
        },
      },
    );
    changed.push(`audience mapper on ${UI_CLIENT_ID}`);
  }

  for (const user of options.demoUsers ?? []) {
    let [existing] = await admin.users.find({ realm, username: user.username, exact: true });
    if (!existing) {
      const { id } = await admin.users.create({
        realm,
        username: user.username,
        enabled: true,
        // A complete profile, so that the first login asks for nothing.
        email: `${user.username}@demo.chronicle.local`,
        emailVerified: true,
        firstName: user.username,
        lastName: 'Demo',
        credentials: [{ type: 'password', value: user.password, temporary: false }],
      });
      existing = { id };
      changed.push(`user ${user.username}`);
    }
    const granted = await admin.users.listRealmRoleMappings({ realm, id: existing.id! });
    const missing = user.roles.filter((role) => !granted.some((mapping) => mapping.name === role));
    if (missing.length > 0) {
      const roles = await Promise.all(missing.map((name) => admin.roles.findOneByName({ realm, name })));
      await admin.users.addRealmRoleMappings({
        realm,
        id: existing.id!,
        roles: roles.map((role) => ({ id: role!.id!, name: role!.name! })),
      });
      changed.push(`roles ${missing.join(', ')} of ${user.username}`);
    }
  }
  return changed;
}

type ClientSettings = {
  clientId: string;
  name: string;
  publicClient: boolean;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled?: boolean;
  redirectUris?: string[];
  webOrigins?: string[];
  attributes?: Record<string, string>;
};

/** Creates the client, or corrects the settings we own where they drifted; returns its internal id. */
async function ensureClient(
  admin: KeycloakAdmin,
  changed: string[],
  wanted: ClientSettings,
): Promise<string> {
  const realm = PLATFORM_REALM;
  const [existing] = await admin.clients.find({ realm, clientId: wanted.clientId });
  if (!existing) {
    const { id } = await admin.clients.create({
      realm,
      protocol: 'openid-connect',
      enabled: true,
      ...wanted,
    });
    changed.push(`client ${wanted.clientId}`);
    return id;
  }
  const drifted = Object.entries(wanted).some(([key, value]) => {
    const actual = (existing as Record<string, unknown>)[key];
    if (key === 'attributes') {
      return Object.entries(value as Record<string, string>).some(
        ([name, setting]) => (actual as Record<string, string> | undefined)?.[name] !== setting,
      );
    }
    return (
      JSON.stringify(Array.isArray(value) ? [...value].sort() : value) !==
      JSON.stringify(
        Array.isArray(actual)
          ? [...actual].sort()
          : (actual ?? (typeof value === 'boolean' ? false : undefined)),
      )
    );
  });
  if (drifted) {
    await admin.clients.update(
      { realm, id: existing.id! },
      { ...existing, ...wanted, attributes: { ...existing.attributes, ...wanted.attributes } },
    );
    changed.push(`client ${wanted.clientId} settings`);
  }
  return existing.id!;
}
