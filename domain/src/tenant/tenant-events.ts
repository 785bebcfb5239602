import type { Event } from '../events/event.js';
import { defineEventType } from '../events/event-type.js';
import { tenantIdentityEventTypes } from './tenant-identity-events.js';
import type { TenantIdentityEvent } from './tenant-identity-events.js';
import { tenantRealmEventTypes } from './tenant-realm-events.js';
import type { TenantRealmEvent } from './tenant-realm-events.js';

export type TenantRegistered = Event<
  'TenantRegistered',
  {
    tenantId: string;
    displayName: string;
    /** ISO-8601 UTC; absent when the registration time is unknown. */
    registeredAt?: string;
  }
>;

export type TenantSuspended = Event<'TenantSuspended', { tenantId: string; reason: string }>;

export type TenantReactivated = Event<'TenantReactivated', { tenantId: string }>;

/** Every event on the Tenant stream: its lifecycle, its producers and users, and its realm's provisioning. */
export type TenantEvent =
  TenantRegistered | TenantSuspended | TenantReactivated | TenantIdentityEvent | TenantRealmEvent;

export const tenantEventTypes = [
  defineEventType<TenantRegistered>({ type: 'TenantRegistered', schemaVersion: 1 }),
  defineEventType<TenantSuspended>({ type: 'TenantSuspended', schemaVersion: 1 }),
  defineEventType<TenantReactivated>({ type: 'TenantReactivated', schemaVersion: 1 }),
  ...tenantIdentityEventTypes,
  ...tenantRealmEventTypes,
] as const;
