import type { Event } from '../events/event.js';
import { defineEventType } from '../events/event-type.js';

/** Schema v2: v1 had no `unit`; v1 events are read with `unit: null`. */
export type SourceRegistered = Event<
  'SourceRegistered',
  { sourceId: string; name: string; ownerSubject: string; unit: string | null }
>;

/** The stored shape of SourceRegistered at schema v1, kept for its upcaster. */
export type SourceRegisteredV1Data = Omit<SourceRegistered['data'], 'unit'>;

export type SourceRenamed = Event<'SourceRenamed', { sourceId: string; name: string }>;

/** Carries the previous owner too, so read models can revoke access without looking it up. */
export type SourceOwnershipTransferred = Event<
  'SourceOwnershipTransferred',
  { sourceId: string; previousOwnerSubject: string; newOwnerSubject: string }
>;

export type SourceRetired = Event<'SourceRetired', { sourceId: string }>;

export type SourceEvent = SourceRegistered | SourceRenamed | SourceOwnershipTransferred | SourceRetired;

export const sourceEventTypes = [
  defineEventType<SourceRegistered>({
    type: 'SourceRegistered',
    schemaVersion: 2,
    upcasters: {
      1: (data): SourceRegistered['data'] => ({ ...(data as SourceRegisteredV1Data), unit: null }),
    },
  }),
  defineEventType<SourceRenamed>({ type: 'SourceRenamed', schemaVersion: 1 }),
  defineEventType<SourceOwnershipTransferred>({ type: 'SourceOwnershipTransferred', schemaVersion: 1 }),
  defineEventType<SourceRetired>({ type: 'SourceRetired', schemaVersion: 1 }),
] as const;
