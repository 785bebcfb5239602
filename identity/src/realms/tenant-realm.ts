import { TENANT_ROLES } from '@chronicle/domain';
import type { KeycloakAdmin } from '../keycloak/keycloak-admin.js';
import {
  ensureAudienceMapper,
  ensureClient,
  ensureRealm,
  ensureRealmRoleMapping,
  ensureRealmRoles,
  ensureUser,
} from '../keycloak/realm-resources.js';
import { API_CLIENT_ID } from '../platform/platform-realm.js';
import { RealmMismatch } from '../reconciler/keycloak-failure.js';
import { apiAudienceClient, uiClient } from '../keycloak/chronicle-clients.js';

/** The roles of every tenant realm (the domain's tenant roles). */
export const TENANT_REALM_ROLES = TENANT_ROLES;

/**
 * Steps that bring a tenant's realm (named by the tenant id) to what its events say. Each converges and
 * reports what it changed, so that replaying events against an up-to-date Keycloak changes nothing.
 */

/** The realm, its roles, the API audience client and the dashboard client with its audience mapper. */
export async function ensureTenantRealm(
  admin: KeycloakAdmin,
  tenant: string,
  settings: { displayName: string; enabled: boolean; uiOrigins: readonly string[] },
): Promise<string[]> {
  const changed: string[] = [];
  await ensureRealm(admin, changed, tenant, { displayName: settings.displayName, enabled: settings.enabled });
  await ensureRealmRoles(admin, changed, tenant, TENANT_REALM_ROLES);
  await ensureClient(admin, changed, tenant, apiAudienceClient());
  const ui = uiClient(settings.uiOrigins);
  const uiId = await ensureClient(admin, changed, tenant, ui);
  await ensureAudienceMapper(admin, changed, tenant, { id: uiId, clientId: ui.clientId }, API_CLIENT_ID);
  return changed;
}

export async function setTenantRealmEnabled(
  admin: KeycloakAdmin,
  tenant: string,
  enabled: boolean,
): Promise<string[]> {
  const changed: string[] = [];
  const realm = await admin.realms.findOne({ realm: tenant });
  if (!realm) throw new RealmMismatch(`realm ${tenant} does not exist`);
  await ensureRealm(admin, changed, tenant, { displayName: realm.displayName ?? tenant, enabled });
  return changed;
}

/** A machine producer: confidential, client credentials only, role producer, the API audience in its tokens. */
export async function ensureProducerClient(
  admin: KeycloakAdmin,
  tenant: string,
  clientId: string,
): Promise<string[]> {
  const changed: string[] = [];
  const id = await ensureClient(admin, changed, tenant, {
    clientId,
    name: `Producer ${clientId}`,
    publicClient: false,
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: true,
  });
  await ensureAudienceMapper(admin, changed, tenant, { id, clientId }, API_CLIENT_ID);
  const account = await admin.clients.getServiceAccountUser({ realm: tenant, id });
  await ensureRealmRoleMapping(admin, changed, tenant, { id: account.id!, name: clientId }, 'producer', true);
  return changed;
}

const ROTATION_ATTRIBUTE = 'chronicle.secret-rotation';

/**
 * What a rotation request found: `rotated` by this call (with the new secret); already applied and still
 * `current` (a replay, or a restart after rotating but before recording: the client's secret is that
 * rotation's); or `superseded` by a later rotation, whose secret replaced it.
 */
export type SecretRotation =
  | { readonly status: 'rotated'; readonly secret: string }
  | { readonly status: 'current' }
  | { readonly status: 'superseded'; readonly applied: number };

/**
 * Issues a new secret for the producer, once per rotation request: the client remembers the last rotation
 * it applied, so a replayed request leaves the current secret alone.
 */
export async function rotateProducerSecret(
  admin: KeycloakAdmin,
  tenant: string,
  clientId: string,
  rotation: number,
): Promise<SecretRotation> {
  const client = await producerClient(admin, tenant, clientId);
  const applied = Number(client.attributes?.[ROTATION_ATTRIBUTE] ?? 0);
  if (applied > rotation) return { status: 'superseded', applied };
  if (applied === rotation) return { status: 'current' };
  // New secret first, then the note that it happened: cut off in between, a replay only rotates once more.
  const { value: secret } = await admin.clients.generateNewClientSecret({ realm: tenant, id: client.id! });
  if (!secret) throw new RealmMismatch(`Keycloak issued no secret for ${clientId}`);
  const { secret: _replaced, ...settings } = client;
  await admin.clients.update(
    { realm: tenant, id: client.id! },
    { ...settings, attributes: { ...client.attributes, [ROTATION_ATTRIBUTE]: String(rotation) } },
  );
  return { status: 'rotated', secret };
}

/** The producer's secret as Keycloak holds it now (only to seal it for the requester of its rotation). */
export async function readProducerSecret(
  admin: KeycloakAdmin,
  tenant: string,
  clientId: string,
): Promise<string> {
  const client = await producerClient(admin, tenant, clientId);
  const { value } = await admin.clients.getClientSecret({ realm: tenant, id: client.id! });
  if (!value) throw new RealmMismatch(`producer client ${clientId} has no secret in realm ${tenant}`);
  return value;
}

async function producerClient(admin: KeycloakAdmin, tenant: string, clientId: string) {
  const [client] = await admin.clients.find({ realm: tenant, clientId });
  if (!client) throw new RealmMismatch(`producer client ${clientId} does not exist in realm ${tenant}`);
  return client;
}

/** An invited user signs in for the first time by setting a password (and verifying the email). */
/** `subject` is the Keycloak user's id, created or found: the `sub` of its tokens. */
export async function ensureTenantUser(
  admin: KeycloakAdmin,
  tenant: string,
  user: { username: string; email: string },
): Promise<{ changed: string[]; subject: string }> {
  const changed: string[] = [];
  const subject = await ensureUser(admin, changed, tenant, { ...user, requiredActions: ['UPDATE_PASSWORD'] });
  return { changed, subject };
}

export async function setTenantRole(
  admin: KeycloakAdmin,
  tenant: string,
  username: string,
  role: string,
  granted: boolean,
): Promise<string[]> {
  const changed: string[] = [];
  const [user] = await admin.users.find({ realm: tenant, username, exact: true });
  if (!user) throw new RealmMismatch(`user ${username} does not exist in realm ${tenant}`);
  await ensureRealmRoleMapping(admin, changed, tenant, { id: user.id!, name: username }, role, granted);
  return changed;
}
