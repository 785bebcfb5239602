import type { Event } from '../events/event.js';
import { defineEventType } from '../events/event-type.js';

// Recorded by the realm reconciler: what happened to the tenant's Keycloak realm.

export type RealmProvisioned = Event<
  'RealmProvisioned',
  {
    tenantId: string;
    /** Absent unless the reconciler named the version of the realm it provisioned. */
    realmVersion?: string;
  }
>;

export type RealmProvisioningFailed = Event<
  'RealmProvisioningFailed',
  {
    tenantId: string;
    reason: string;
    /** Whether trying again may succeed (Keycloak unreachable) or never will (Keycloak refused). */
    retryable: boolean;
  }
>;

/** `change` is a short description, e.g. "client acme-meter-1 created". */
export type RealmUpdated = Event<'RealmUpdated', { tenantId: string; change: string }>;

/**
 * The secret a rotation made, sealed for its requester: only the private key of the request's `publicKey`
 * opens it, so the log never holds the secret itself. Issued once per rotation, never again on a replay.
 */
export type ProducerSecretIssued = Event<
  'ProducerSecretIssued',
  { tenantId: string; clientId: string; rotation: number; sealedSecret: string }
>;

/**
 * The Keycloak user behind an invited username: `subject` is its id, the `sub` of its tokens, which is what
 * sources name as their owner. Recorded once per username and subject (again only if Keycloak's user was
 * replaced), so the log can name a source's owner.
 */
export type UserProvisioned = Event<
  'UserProvisioned',
  { tenantId: string; username: string; subject: string }
>;

export type TenantRealmEvent =
  RealmProvisioned | RealmProvisioningFailed | RealmUpdated | ProducerSecretIssued | UserProvisioned;

export const tenantRealmEventTypes = [
  defineEventType<RealmProvisioned>({ type: 'RealmProvisioned', schemaVersion: 1 }),
  defineEventType<RealmProvisioningFailed>({ type: 'RealmProvisioningFailed', schemaVersion: 1 }),
  defineEventType<RealmUpdated>({ type: 'RealmUpdated', schemaVersion: 1 }),
  defineEventType<ProducerSecretIssued>({ type: 'ProducerSecretIssued', schemaVersion: 1 }),
  defineEventType<UserProvisioned>({ type: 'UserProvisioned', schemaVersion: 1 }),
] as const;
