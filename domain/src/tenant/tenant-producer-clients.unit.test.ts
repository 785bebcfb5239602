import { describe, it } from 'vitest';
import { DeciderSpecification } from '../decider/decider-specification.js';
import { ConflictError, NotFoundError, ValidationError } from '../decider/domain-error.js';
import type { TenantCommand } from './tenant-commands.js';
import { tenantDecider } from './tenant-decider.js';
import type { TenantReactivated, TenantRegistered, TenantSuspended } from './tenant-events.js';
import type { ProducerClientRegistered, ProducerSecretRotationRequested } from './tenant-identity-events.js';

// The Tenant decider's rules for machine producers (tenant-identity-decider).

const spec = DeciderSpecification.for(tenantDecider);

const registered: TenantRegistered = {
  type: 'TenantRegistered',
  data: { tenantId: 'acme', displayName: 'Acme Corp' },
};
const suspended: TenantSuspended = { type: 'TenantSuspended', data: { tenantId: 'acme', reason: 'unpaid' } };
const reactivated: TenantReactivated = { type: 'TenantReactivated', data: { tenantId: 'acme' } };

const registerClient = (clientId: string): TenantCommand => ({
  type: 'RegisterProducerClient',
  data: { clientId },
});
const rotateSecret = (clientId: string): TenantCommand => ({
  type: 'RotateProducerSecret',
  data: { clientId },
});

const clientRegistered = (clientId = 'acme-meter-1'): ProducerClientRegistered => ({
  type: 'ProducerClientRegistered',
  data: { tenantId: 'acme', clientId },
});
const rotationRequested = (rotation: number, clientId = 'acme-meter-1'): ProducerSecretRotationRequested => ({
  type: 'ProducerSecretRotationRequested',
  data: { tenantId: 'acme', clientId, rotation },
});

describe('RegisterProducerClient', () => {
  it.each(['acme-meter-1', 'abc', '0-producer', 'a'.repeat(63)])(
    'registers producer client %j',
    (clientId) => {
      spec
        .given([registered])
        .when(registerClient(clientId))
        .then([clientRegistered(clientId)]);
    },
  );

  it.each(['ab', '-meter', 'Meter-1', 'meter_1', 'meter.1', 'meter 1', 'a'.repeat(64), ''])(
    'rejects client id %j',
    (clientId) => {
      spec
        .given([registered])
        .when(registerClient(clientId))
        .thenThrows(ValidationError, { code: 'PRODUCER_CLIENT_ID_INVALID', field: 'clientId' });
    },
  );

  it.each(['admin-cli', 'realm-management', 'chronicle-api', 'chronicle-ui'])(
    'rejects the client id %s, which every realm already has',
    (clientId) => {
      spec
        .given([registered])
        .when(registerClient(clientId))
        .thenThrows(ValidationError, { code: 'PRODUCER_CLIENT_ID_RESERVED', field: 'clientId' });
    },
  );

  it('rejects registering the same client twice', () => {
    spec
      .given([registered, clientRegistered()])
      .when(registerClient('acme-meter-1'))
      .thenThrows(ConflictError, {
        code: 'PRODUCER_CLIENT_ALREADY_REGISTERED',
        message: 'Producer client "acme-meter-1" is already registered in tenant "acme"',
      });
  });
});

describe('RotateProducerSecret', () => {
  it('numbers the rotations of each client from 1', () => {
    spec
      .given([registered, clientRegistered()])
      .when(rotateSecret('acme-meter-1'))
      .then([rotationRequested(1)]);
    spec
      .given([registered, clientRegistered(), rotationRequested(1), rotationRequested(2)])
      .when(rotateSecret('acme-meter-1'))
      .then([rotationRequested(3)]);
  });

  it('counts each client on its own', () => {
    spec
      .given([registered, clientRegistered(), rotationRequested(1), clientRegistered('acme-meter-2')])
      .when(rotateSecret('acme-meter-2'))
      .then([rotationRequested(1, 'acme-meter-2')]);
  });

  it('rejects an unknown client', () => {
    spec
      .given([registered, clientRegistered()])
      .when(rotateSecret('acme-meter-9'))
      .thenThrows(NotFoundError, {
        code: 'PRODUCER_CLIENT_NOT_FOUND',
        message: 'Tenant "acme" has no producer client "acme-meter-9"',
      });
  });

  it('rejects an invalid client id', () => {
    spec
      .given([registered])
      .when(rotateSecret('Meter'))
      .thenThrows(ValidationError, { code: 'PRODUCER_CLIENT_ID_INVALID', field: 'clientId' });
  });
});

describe('suspended tenant', () => {
  it.each([registerClient('acme-meter-2'), rotateSecret('acme-meter-1')])('rejects %j', (command) => {
    spec.given([registered, clientRegistered(), suspended]).when(command).thenThrows(ConflictError, {
      code: 'TENANT_SUSPENDED',
      message:
        'Tenant "acme" is suspended (unpaid): its producers and users cannot change until it is reactivated',
    });
  });

  it('accepts them again once reactivated', () => {
    spec
      .given([registered, clientRegistered(), suspended, reactivated])
      .when(rotateSecret('acme-meter-1'))
      .then([rotationRequested(1)]);
  });
});

describe('unregistered tenant', () => {
  it.each([registerClient('acme-meter-2'), rotateSecret('acme-meter-1')])('rejects %j', (command) => {
    spec
      .given([])
      .when(command)
      .thenThrows(NotFoundError, { code: 'TENANT_NOT_REGISTERED', message: 'Tenant is not registered' });
  });
});
