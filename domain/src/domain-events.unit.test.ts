import { describe, expect, it } from 'vitest';
import { domainEvents, upcastDomainEvent } from './domain-events.js';
import type { EventEnvelope } from './events/envelope.js';
import { UnknownEventType, UnsupportedSchemaVersion } from './events/event-registry-error.js';
import type { SourceRegistered } from './source/source-events.js';

const metadata = { commandId: 'c-1', actor: 'user-alice' };

describe('domain events', () => {
  it.each([
    ['TenantRegistered', 1],
    ['TenantSuspended', 1],
    ['TenantReactivated', 1],
    ['ProducerClientRegistered', 1],
    ['ProducerSecretRotationRequested', 2],
    ['ProducerSecretIssued', 1],
    ['UserProvisioned', 1],
    ['UserInvited', 1],
    ['RoleGranted', 1],
    ['RoleRevoked', 1],
    ['RealmProvisioned', 1],
    ['RealmProvisioningFailed', 1],
    ['RealmUpdated', 1],
    ['SourceRegistered', 2],
    ['SourceRenamed', 1],
    ['SourceOwnershipTransferred', 1],
    ['SourceRetired', 1],
    ['MeasurementsRecorded', 1],
  ] as const)('declares %s at schema version %i', (type, version) => {
    expect(domainEvents.schemaVersionOf(type)).toBe(version);
  });

  it('writes SourceRegistered at v2', () => {
    const event: SourceRegistered = {
      type: 'SourceRegistered',
      data: { sourceId: 'meter-1', name: 'Main meter', ownerSubject: 'user-alice', unit: 'kWh' },
    };
    expect(domainEvents.toEnvelope(event, metadata)).toEqual({ ...event, schemaVersion: 2, metadata });
  });

  it('reads a v1 SourceRegistered (before units existed) as v2 with no unit', () => {
    const v1: EventEnvelope = {
      type: 'SourceRegistered',
      schemaVersion: 1,
      data: { sourceId: 'meter-1', name: 'Main meter', ownerSubject: 'user-alice' },
      metadata,
    };
    expect(upcastDomainEvent(v1)).toEqual({
      type: 'SourceRegistered',
      schemaVersion: 2,
      data: { sourceId: 'meter-1', name: 'Main meter', ownerSubject: 'user-alice', unit: null },
      metadata,
    });
    expect(domainEvents.toEvent(v1)).toEqual({
      type: 'SourceRegistered',
      data: { sourceId: 'meter-1', name: 'Main meter', ownerSubject: 'user-alice', unit: null },
    });
  });

  it('reads a v1 ProducerSecretRotationRequested (before secrets were issued sealed) with no public key', () => {
    const data = { tenantId: 'acme', clientId: 'acme-meter-1', rotation: 3 };
    expect(
      domainEvents.toEvent({ type: 'ProducerSecretRotationRequested', schemaVersion: 1, data, metadata }),
    ).toEqual({ type: 'ProducerSecretRotationRequested', data: { ...data, publicKey: null } });
  });

  it('narrows the data of an upcast envelope by its type', () => {
    const envelope = domainEvents.upcast({
      type: 'SourceRegistered',
      schemaVersion: 1,
      data: { sourceId: 'meter-1', name: 'Main meter', ownerSubject: 'user-alice' },
      metadata: {},
    });
    // Compiles only because `type` narrows `data`.
    const unit = envelope.type === 'SourceRegistered' ? envelope.data.unit : undefined;
    expect(unit).toBeNull();
  });

  it('rejects events it does not know, or from newer code', () => {
    expect(() =>
      upcastDomainEvent({ type: 'TenantDeleted', schemaVersion: 1, data: {}, metadata: {} }),
    ).toThrow(UnknownEventType);
    expect(() =>
      upcastDomainEvent({ type: 'SourceRegistered', schemaVersion: 3, data: {}, metadata: {} }),
    ).toThrow(UnsupportedSchemaVersion);
  });
});
