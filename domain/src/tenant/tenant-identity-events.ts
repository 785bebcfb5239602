import type { Event } from '../events/event.js';
import { defineEventType } from '../events/event-type.js';
import type { TenantRole } from './tenant-role.js';

export type ProducerClientRegistered = Event<
  'ProducerClientRegistered',
  { tenantId: string; clientId: string }
>;

/**
 * `rotation` numbers the requests per client from 1, so the reconciler can tell a new request from a replayed
 * one: it rotates the secret only when the client has not yet applied that rotation.
 */
export type ProducerSecretRotationRequested = Event<
  'ProducerSecretRotationRequested',
  { tenantId: string; clientId: string; rotation: number }
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
    schemaVersion: 1,
  }),
  defineEventType<UserInvited>({ type: 'UserInvited', schemaVersion: 1 }),
  defineEventType<RoleGranted>({ type: 'RoleGranted', schemaVersion: 1 }),
  defineEventType<RoleRevoked>({ type: 'RoleRevoked', schemaVersion: 1 }),
] as const;
