import type { Command } from '../decider/command.js';

// Issued by the realm reconciler to record what it did to the tenant's Keycloak realm, never by users.

/** The whole realm is in step with the tenant's events (first provisioning, or a full re-sync). */
export type RecordRealmProvisioned = Command<'RecordRealmProvisioned', { realmVersion?: string }>;

export type RecordRealmProvisioningFailed = Command<
  'RecordRealmProvisioningFailed',
  { reason: string; retryable: boolean }
>;

/** One change applied to the realm, or observed in it (made directly in Keycloak). */
export type RecordRealmUpdated = Command<'RecordRealmUpdated', { change: string }>;

/**
 * A rotated producer secret, sealed with the key of the rotation's request (`sealedSecret`: RSA-OAEP-256
 * ciphertext, base64url): the one outcome of a rotation that carried a key.
 */
export type RecordProducerSecretIssued = Command<
  'RecordProducerSecretIssued',
  { clientId: string; rotation: number; sealedSecret: string }
>;

/** The Keycloak user an invited username has: `subject` is its id, the `sub` of its tokens. */
export type RecordUserProvisioned = Command<'RecordUserProvisioned', { username: string; subject: string }>;

export type TenantRealmCommand =
  | RecordRealmProvisioned
  | RecordRealmProvisioningFailed
  | RecordRealmUpdated
  | RecordProducerSecretIssued
  | RecordUserProvisioned;
