import type { KeycloakAdmin } from './keycloak-admin.js';

/**
 * Converging steps on Keycloak resources: each creates what is missing or corrects what drifted from the
 * settings we own, and appends a line to `changed` for what it did, so that callers can tell a no-op apart.
 */

export async function ensureRealm(
  admin: KeycloakAdmin,
  changed: string[],
  realm: string,
  settings: { displayName: string; enabled: boolean },
): Promise<void> {
  const existing = await admin.realms.findOne({ realm });
  if (!existing) {
    await admin.realms.create({ realm, ...settings });
    changed.push(`realm ${realm}`);
  } else if (existing.enabled !== settings.enabled) {
    await admin.realms.update({ realm }, { enabled: settings.enabled });
    changed.push(`realm ${realm} ${settings.enabled ? 'enabled' : 'disabled'}`);
  }
}

export async function ensureRealmRoles(
  admin: KeycloakAdmin,
  changed: string[],
  realm: string,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    if (!(await admin.roles.findOneByName({ realm, name }))) {
      await admin.roles.create({ realm, name });
      changed.push(`role ${name}`);
    }
  }
}

export type ClientSettings = {
  clientId: string;
  name: string;
  publicClient: boolean;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  redirectUris?: string[];
  webOrigins?: string[];
  attributes?: Record<string, string>;
};

/** Creates the client, or corrects the settings we own where they drifted; returns its internal id. */
export async function ensureClient(
  admin: KeycloakAdmin,
  changed: string[],
  realm: string,
  wanted: ClientSettings,
): Promise<string> {
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
    const comparable = (item: unknown) => JSON.stringify(Array.isArray(item) ? [...item].sort() : item);
    return comparable(value) !== comparable(actual ?? (typeof value === 'boolean' ? false : undefined));
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

/** Puts `audience` into the access tokens the client gets. */
export async function ensureAudienceMapper(
  admin: KeycloakAdmin,
  changed: string[],
  realm: string,
  client: { id: string; clientId: string },
  audience: string,
): Promise<void> {
  const name = `${audience} audience`;
  const mappers = await admin.clients.listProtocolMappers({ realm, id: client.id });
  if (!mappers.some((mapper) => mapper.name === name)) {
    await admin.clients.addProtocolMapper(
      { realm, id: client.id },
      {
        name,
        protocol: 'openid-connect',
        protocolMapper: 'oidc-audience-mapper',
        config: {
          'included.client.audience': audience,
          'access.token.claim': 'true',
          'id.token.claim': 'false',
        },
      },
    );
    changed.push(`audience mapper on ${client.clientId}`);
  }
}

/** Grants (or, with `granted` false, revokes) a realm role of a user or service account. */
export async function ensureRealmRoleMapping(
  admin: KeycloakAdmin,
  changed: string[],
  realm: string,
  user: { id: string; name: string },
  role: string,
  granted: boolean,
): Promise<void> {
  const mappings = await admin.users.listRealmRoleMappings({ realm, id: user.id });
  const has = mappings.some((mapping) => mapping.name === role);
  if (has === granted) return;
  const found = await admin.roles.findOneByName({ realm, name: role });
  const roles = [{ id: found!.id!, name: role }];
  if (granted) await admin.users.addRealmRoleMappings({ realm, id: user.id, roles });
  else await admin.users.delRealmRoleMappings({ realm, id: user.id, roles });
  changed.push(`role ${role} ${granted ? 'granted to' : 'revoked from'} ${user.name}`);
}

/** A user with a complete profile (so that the first sign-in asks for nothing but what `requiredActions` says). */
export async function ensureUser(
  admin: KeycloakAdmin,
  changed: string[],
  realm: string,
  wanted: {
    username: string;
    email: string;
    firstName?: string;
    lastName?: string;
    password?: string;
    requiredActions?: string[];
  },
): Promise<string> {
  const [existing] = await admin.users.find({ realm, username: wanted.username, exact: true });
  if (existing) return existing.id!;
  const { id } = await admin.users.create({
    realm,
    username: wanted.username,
    enabled: true,
    email: wanted.email,
    emailVerified: true,
    firstName: wanted.firstName ?? wanted.username,
    lastName: wanted.lastName ?? '-',
    ...(wanted.requiredActions ? { requiredActions: wanted.requiredActions } : {}),
    ...(wanted.password
      ? { credentials: [{ type: 'password', value: wanted.password, temporary: false }] }
      : {}),
  });
  changed.push(`user ${wanted.username}`);
  return id;
}
