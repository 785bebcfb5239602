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

export type TenantRealmCommand = RecordRealmProvisioned | RecordRealmProvisioningFailed | RecordRealmUpdated;
