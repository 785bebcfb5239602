import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'vitest';
import { DeciderSpecification } from '../decider/decider-specification.js';
import { ConflictError, NotFoundError, ValidationError } from '../decider/domain-error.js';
import type { TenantCommand } from './tenant-commands.js';
import { tenantDecider } from './tenant-decider.js';
import type { TenantReactivated, TenantRegistered, TenantSuspended } from './tenant-events.js';
import type { ProducerClientRegistered, ProducerSecretRotationRequested } from './tenant-identity-events.js';
import type { ProducerSecretIssued } from './tenant-realm-events.js';

// The Tenant decider's rules for machine producers (tenant-identity-decider) and their issued secrets.

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
/** A public key as the dashboard exports it from WebCrypto (`ext` and `key_ops` included). */
const publicKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }),
  alg: 'RSA-OAEP-256',
  ext: true,
  key_ops: ['encrypt'],
};
const { n } = publicKey as { n: string };
/** What the event keeps of it. */
const recipientKey = { kty: 'RSA', alg: 'RSA-OAEP-256', n, e: 'AQAB' } as const;

const rotateSecret = (clientId: string, key: unknown = publicKey): TenantCommand => ({
  type: 'RotateProducerSecret',
  data: { clientId, publicKey: key },
});
const recordIssued = (rotation: number, sealedSecret = 'c2VhbGVk'): TenantCommand => ({
  type: 'RecordProducerSecretIssued',
  data: { clientId: 'acme-meter-1', rotation, sealedSecret },
});

const clientRegistered = (clientId = 'acme-meter-1'): ProducerClientRegistered => ({
  type: 'ProducerClientRegistered',
  data: { tenantId: 'acme', clientId },
});
const rotationRequested = (rotation: number, clientId = 'acme-meter-1'): ProducerSecretRotationRequested => ({
  type: 'ProducerSecretRotationRequested',
  data: { tenantId: 'acme', clientId, rotation, publicKey: recipientKey },
});
const secretIssued = (rotation: number, sealedSecret = 'c2VhbGVk'): ProducerSecretIssued => ({
  type: 'ProducerSecretIssued',
  data: { tenantId: 'acme', clientId: 'acme-meter-1', rotation, sealedSecret },
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

  it('keeps only the public members of the key: a key exported without alg but named so is accepted', () => {
    spec
      .given([registered, clientRegistered()])
      .when(rotateSecret('acme-meter-1', { kty: 'RSA', n, e: 'AQAB', alg: 'RSA-OAEP-256', use: 'enc' }))
      .then([rotationRequested(1)]);
  });

  const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  const large = generateKeyPairSync('rsa', { modulusLength: 4160 }).publicKey.export({ format: 'jwk' });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  it.each([
    ['no key', null, 'PUBLIC_KEY_INVALID', 'publicKey'],
    ['a string', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', 'PUBLIC_KEY_INVALID', 'publicKey'],
    ['an array', [publicKey], 'PUBLIC_KEY_INVALID', 'publicKey'],
    ['an EC key', { ...publicKey, kty: 'EC' }, 'PUBLIC_KEY_INVALID', 'publicKey.kty'],
    ['no alg', { ...publicKey, alg: undefined }, 'PUBLIC_KEY_INVALID', 'publicKey.alg'],
    ['RSA-OAEP with SHA-1', { ...publicKey, alg: 'RSA-OAEP' }, 'PUBLIC_KEY_INVALID', 'publicKey.alg'],
    ['a signing key', { ...publicKey, alg: 'RS256' }, 'PUBLIC_KEY_INVALID', 'publicKey.alg'],
    ['use sig', { ...publicKey, use: 'sig' }, 'PUBLIC_KEY_INVALID', 'publicKey.use'],
    ['key_ops verify', { ...publicKey, key_ops: ['verify'] }, 'PUBLIC_KEY_INVALID', 'publicKey.key_ops'],
    ['exponent 3', { ...publicKey, e: 'Aw' }, 'PUBLIC_KEY_INVALID', 'publicKey.e'],
    ['n not base64url', { ...publicKey, n: `${n.slice(1)}=` }, 'PUBLIC_KEY_INVALID', 'publicKey.n'],
    ['n even', { ...publicKey, n: `${n.slice(0, -1)}A` }, 'PUBLIC_KEY_INVALID', 'publicKey.n'],
    ['n a number', { ...publicKey, n: 12345 }, 'PUBLIC_KEY_INVALID', 'publicKey.n'],
    ['1024 bits', { ...small, alg: 'RSA-OAEP-256' }, 'PUBLIC_KEY_TOO_SMALL', 'publicKey.n'],
    ['4160 bits', { ...large, alg: 'RSA-OAEP-256' }, 'PUBLIC_KEY_TOO_LARGE', 'publicKey.n'],
    [
      'a private key',
      { ...privateKey.export({ format: 'jwk' }), alg: 'RSA-OAEP-256' },
      'PUBLIC_KEY_INVALID',
      'publicKey.d',
    ],
  ])('rejects %s as the public key, naming the member', (_, key, code, field) => {
    spec
      .given([registered, clientRegistered()])
      .when(rotateSecret('acme-meter-1', key))
      .thenThrows(ValidationError, { code, field });
  });
});

describe('RecordProducerSecretIssued', () => {
  it('records the sealed secret of a requested rotation', () => {
    spec
      .given([registered, clientRegistered(), rotationRequested(1)])
      .when(recordIssued(1))
      .then([secretIssued(1)]);
  });

  it('records it for a suspended tenant too: it reports what the reconciler already did', () => {
    spec
      .given([registered, clientRegistered(), rotationRequested(1), suspended])
      .when(recordIssued(1))
      .then([secretIssued(1)]);
  });

  it('issues a rotation once, and never after a later one', () => {
    spec
      .given([registered, clientRegistered(), rotationRequested(1), secretIssued(1)])
      .when(recordIssued(1))
      .thenThrows(ConflictError, { code: 'PRODUCER_SECRET_ALREADY_ISSUED' });
    spec
      .given([registered, clientRegistered(), rotationRequested(1), rotationRequested(2), secretIssued(2)])
      .when(recordIssued(1))
      .thenThrows(ConflictError, { code: 'SECRET_ROTATION_SUPERSEDED' });
  });

  it('rejects a rotation that was not requested, or of an unknown client', () => {
    spec
      .given([registered, clientRegistered(), rotationRequested(1)])
      .when(recordIssued(2))
      .thenThrows(NotFoundError, { code: 'SECRET_ROTATION_NOT_FOUND' });
    spec
      .given([registered])
      .when(recordIssued(1))
      .thenThrows(NotFoundError, { code: 'PRODUCER_CLIENT_NOT_FOUND' });
  });

  it.each([
    ['an empty sealed secret', recordIssued(1, ''), 'SEALED_SECRET_INVALID', 'sealedSecret'],
    [
      'a sealed secret that is not base64url',
      recordIssued(1, 'a+b/'),
      'SEALED_SECRET_INVALID',
      'sealedSecret',
    ],
    ['one too long', recordIssued(1, 'A'.repeat(684)), 'SEALED_SECRET_INVALID', 'sealedSecret'],
    ['rotation 0', recordIssued(0), 'SECRET_ROTATION_INVALID', 'rotation'],
    ['rotation 1.5', recordIssued(1.5), 'SECRET_ROTATION_INVALID', 'rotation'],
  ])('rejects %s', (_, command, code, field) => {
    spec
      .given([registered, clientRegistered(), rotationRequested(1)])
      .when(command)
      .thenThrows(ValidationError, { code, field });
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
