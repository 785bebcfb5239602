import type { Event } from '../events/event.js';
import { defineEventType } from '../events/event-type.js';
import type { SecretRecipientKey } from './secret-recipient-key.js';
import type { TenantRole } from './tenant-role.js';

export type ProducerClientRegistered = Event<
  'ProducerClientRegistered',
  { tenantId: string; clientId: string }
>;

/**
 * Schema v2. `rotation` numbers the requests per client from 1, so the reconciler can tell a new request from
 * a replayed one: it rotates the secret only when the client has not yet applied that rotation. `publicKey`
 * is the requester's, to seal the new secret with (ProducerSecretIssued); v1 events had none and are read
 * with `publicKey: null` (rotated, never issued: the secret was read in Keycloak).
 */
export type ProducerSecretRotationRequested = Event<
  'ProducerSecretRotationRequested',
  { tenantId: string; clientId: string; rotation: number; publicKey: SecretRecipientKey | null }
>;

/** The stored shape of ProducerSecretRotationRequested at schema v1, kept for its upcaster. */
export type ProducerSecretRotationRequestedV1Data = Omit<
  ProducerSecretRotationRequested['data'],
  'publicKey'
>;

/** `email` is lowercased, as Keycloak stores it. */
export type UserInvited = Event<'UserInvited', { tenantId: string; username: string; email: string }>;

export type RoleGranted = Event<'RoleGranted', { tenantId: string; username: string; role: TenantRole }>;

export type RoleRevoked = Event<'RoleRevoked', { tenantId: string; username: string; role: TenantRole }>;

export type TenantIdentityEvent =
  ProducerClientRegistered | ProducerSecretRotationRequested | UserInvited | RoleGranted | RoleRevoked;

export const tenantIdentityEventTypes = [
  defineEventType<ProducerClientRegistered>({ type: 'ProducerClientRegistered', schemaVersion: 1 }),
  defineEventType<ProducerSecretRotationRequested>({
    type: 'ProducerSecretRotationRequested',
    schemaVersion: 2,
    upcasters: {
      1: (data): ProducerSecretRotationRequested['data'] => ({
        ...(data as ProducerSecretRotationRequestedV1Data),
        publicKey: null,
      }),
    },
  }),
  defineEventType<UserInvited>({ type: 'UserInvited', schemaVersion: 1 }),
  defineEventType<RoleGranted>({ type: 'RoleGranted', schemaVersion: 1 }),
  defineEventType<RoleRevoked>({ type: 'RoleRevoked', schemaVersion: 1 }),
] as const;
