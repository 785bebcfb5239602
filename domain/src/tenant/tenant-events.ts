import type { Event } from '../events/event.js';
import { defineEventType } from '../events/event-type.js';

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

export type TenantEvent = TenantRegistered | TenantSuspended | TenantReactivated;

export const tenantEventTypes = [
  defineEventType<TenantRegistered>({ type: 'TenantRegistered', schemaVersion: 1 }),
  defineEventType<TenantSuspended>({ type: 'TenantSuspended', schemaVersion: 1 }),
  defineEventType<TenantReactivated>({ type: 'TenantReactivated', schemaVersion: 1 }),
] as const;
