import { assertNever } from '../decider/assert-never.js';
import type { TenantIdentityEvent } from './tenant-identity-events.js';
import type { TenantRealmEvent } from './tenant-realm-events.js';
import type { TenantRole } from './tenant-role.js';

export interface TenantUser {
  readonly email: string;
  readonly roles: ReadonlySet<TenantRole>;
  /** The Keycloak user's id (its tokens' `sub`), once the reconciler recorded it (UserProvisioned). */
  readonly subject: string | null;
}

/**
 * Where the tenant's Keycloak realm stands, as the reconciler last recorded it. Only RealmProvisioned and
 * RealmProvisioningFailed move it: a RealmUpdated after a failure does not mean the failed change was applied,
 * so a failure stands until the reconciler records the whole realm provisioned again.
 */
export type RealmProvisioning =
  | { readonly status: 'pending' }
  | { readonly status: 'provisioned'; readonly realmVersion: string | null }
  | { readonly status: 'failed'; readonly reason: string; readonly retryable: boolean };

/** The tenant's realm and who may act in it. */
export interface TenantIdentity {
  readonly provisioning: RealmProvisioning;
  /** Client id -> the number of secret rotations requested so far (0 until the first). */
  readonly producerClients: ReadonlyMap<string, number>;
  /** Client id -> the last rotation whose secret was issued (sealed for its requester); absent before. */
  readonly secretsIssued: ReadonlyMap<string, number>;
  /** Username -> the user's email, roles and subject. */
  readonly users: ReadonlyMap<string, TenantUser>;
}

export const initialTenantIdentity = (): TenantIdentity => ({
  provisioning: { status: 'pending' },
  producerClients: new Map(),
  secretsIssued: new Map(),
  users: new Map(),
});

/**
 * Folds an identity or realm event. Events are facts already decided; one about a client or user the state
 * does not know only comes from a hand-written stream, and changes nothing.
 */
export function evolveTenantIdentity<T extends TenantIdentity>(
  identity: T,
  event: TenantIdentityEvent | TenantRealmEvent,
): T {
  switch (event.type) {
    case 'ProducerClientRegistered':
      return { ...identity, producerClients: withEntry(identity.producerClients, event.data.clientId, 0) };
    case 'ProducerSecretRotationRequested': {
      const { clientId, rotation } = event.data;
      if (!identity.producerClients.has(clientId)) return identity;
      return { ...identity, producerClients: withEntry(identity.producerClients, clientId, rotation) };
    }
    case 'UserInvited': {
      const { username, email } = event.data;
      return {
        ...identity,
        users: withEntry(identity.users, username, { email, roles: new Set(), subject: null }),
      };
    }
    case 'RoleGranted':
    case 'RoleRevoked': {
      const { username, role } = event.data;
      const user = identity.users.get(username);
      if (user === undefined) return identity;
      const roles = new Set(user.roles);
      if (event.type === 'RoleGranted') roles.add(role);
      else roles.delete(role);
      return { ...identity, users: withEntry(identity.users, username, { ...user, roles }) };
    }
    case 'RealmProvisioned':
      return {
        ...identity,
        provisioning: { status: 'provisioned', realmVersion: event.data.realmVersion ?? null },
      };
    case 'RealmProvisioningFailed': {
      const { reason, retryable } = event.data;
      return { ...identity, provisioning: { status: 'failed', reason, retryable } };
    }
    case 'ProducerSecretIssued': {
      const { clientId, rotation } = event.data;
      if (!identity.producerClients.has(clientId)) return identity;
      return { ...identity, secretsIssued: withEntry(identity.secretsIssued, clientId, rotation) };
    }
    case 'UserProvisioned': {
      const { username, subject } = event.data;
      const user = identity.users.get(username);
      if (user === undefined) return identity;
      return { ...identity, users: withEntry(identity.users, username, { ...user, subject }) };
    }
    case 'RealmUpdated':
      return identity;
    default:
      return assertNever(event, 'tenant identity event');
  }
}

const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> =>
  new Map(map).set(key, value);
