import { describe, expect, it } from 'vitest';
import type { TenantEvent } from './tenant-events.js';
import { evolveTenant, initialTenantState } from './tenant-state.js';
import type { TenantState } from './tenant-state.js';

const fold = (events: readonly TenantEvent[]): TenantState =>
  events.reduce(evolveTenant, initialTenantState());

const registered: TenantEvent = { type: 'TenantRegistered', data: { tenantId: 'acme', displayName: 'Acme' } };
const tenantId = 'acme';
const rotation = (clientId: string, rotation: number) => ({ tenantId, clientId, rotation });

describe('tenant state', () => {
  it('starts a registered tenant with a pending realm and no producers or users', () => {
    expect(fold([registered])).toEqual({
      status: 'active',
      tenantId,
      displayName: 'Acme',
      provisioning: { status: 'pending' },
      producerClients: new Map(),
      secretsIssued: new Map(),
      users: new Map(),
    });
  });

  it('follows the realm provisioning: RealmUpdated leaves it alone, a failure stands until provisioned again', () => {
    const provisioning = (events: readonly TenantEvent[]) => {
      const state = fold([registered, ...events]);
      return state.status === 'unregistered' ? undefined : state.provisioning;
    };
    const updated: TenantEvent = { type: 'RealmUpdated', data: { tenantId, change: 'user alice' } };
    const failed: TenantEvent = {
      type: 'RealmProvisioningFailed',
      data: { tenantId, reason: 'RoleGranted: user nobody does not exist', retryable: false },
    };
    const provisioned: TenantEvent = { type: 'RealmProvisioned', data: { tenantId } };

    expect(provisioning([updated])).toEqual({ status: 'pending' });
    expect(provisioning([provisioned, updated])).toEqual({ status: 'provisioned', realmVersion: null });
    expect(provisioning([provisioned, failed, updated])).toEqual({
      status: 'failed',
      reason: 'RoleGranted: user nobody does not exist',
      retryable: false,
    });
    expect(
      provisioning([failed, { type: 'RealmProvisioned', data: { tenantId, realmVersion: 'v7' } }]),
    ).toEqual({ status: 'provisioned', realmVersion: 'v7' });
  });

  it('counts secret rotations per producer client, and the last one whose secret was issued', () => {
    const state = fold([
      registered,
      { type: 'ProducerClientRegistered', data: { tenantId, clientId: 'meter-1' } },
      { type: 'ProducerClientRegistered', data: { tenantId, clientId: 'meter-2' } },
      { type: 'ProducerSecretRotationRequested', data: { ...rotation('meter-1', 1), publicKey: null } },
      { type: 'ProducerSecretRotationRequested', data: { ...rotation('meter-1', 2), publicKey: null } },
      { type: 'ProducerSecretIssued', data: { ...rotation('meter-1', 2), sealedSecret: 'c2VhbGVk' } },
    ]);
    expect(state).toMatchObject({
      producerClients: new Map([
        ['meter-1', 2],
        ['meter-2', 0],
      ]),
      secretsIssued: new Map([['meter-1', 2]]),
    });
  });

  it('keeps each user with their email and roles', () => {
    const state = fold([
      registered,
      { type: 'UserInvited', data: { tenantId, username: 'alice', email: 'alice@example.com' } },
      { type: 'RoleGranted', data: { tenantId, username: 'alice', role: 'viewer' } },
      { type: 'RoleGranted', data: { tenantId, username: 'alice', role: 'auditor' } },
      { type: 'RoleRevoked', data: { tenantId, username: 'alice', role: 'viewer' } },
    ]);
    expect(state).toMatchObject({
      users: new Map([['alice', { email: 'alice@example.com', roles: new Set(['auditor']), subject: null }]]),
    });
  });

  it("keeps the user's subject once provisioned, through later role changes", () => {
    const state = fold([
      registered,
      { type: 'UserInvited', data: { tenantId, username: 'alice', email: 'alice@example.com' } },
      { type: 'UserProvisioned', data: { tenantId, username: 'alice', subject: 'kc-alice-1' } },
      { type: 'RoleGranted', data: { tenantId, username: 'alice', role: 'viewer' } },
    ]);
    expect(state).toMatchObject({
      users: new Map([
        ['alice', { email: 'alice@example.com', roles: new Set(['viewer']), subject: 'kc-alice-1' }],
      ]),
    });
  });

  it('keeps producers, users and provisioning through suspension and reactivation', () => {
    const identity: TenantEvent[] = [
      registered,
      { type: 'ProducerClientRegistered', data: { tenantId, clientId: 'meter-1' } },
      { type: 'UserInvited', data: { tenantId, username: 'alice', email: 'alice@example.com' } },
      { type: 'RealmProvisioned', data: { tenantId } },
    ];
    const before = fold(identity);
    const suspended = fold([...identity, { type: 'TenantSuspended', data: { tenantId, reason: 'unpaid' } }]);
    expect(suspended).toEqual({ ...before, status: 'suspended', reason: 'unpaid' });
    const reactivated = fold([
      ...identity,
      { type: 'TenantSuspended', data: { tenantId, reason: 'unpaid' } },
      { type: 'TenantReactivated', data: { tenantId } },
    ]);
    expect(reactivated).toEqual(before);
  });

  it('does not change the state it folds from', () => {
    const before = fold([
      registered,
      { type: 'UserInvited', data: { tenantId, username: 'alice', email: 'alice@example.com' } },
    ]);
    evolveTenant(before, { type: 'RoleGranted', data: { tenantId, username: 'alice', role: 'viewer' } });
    expect(before).toMatchObject({
      users: new Map([['alice', { email: 'alice@example.com', roles: new Set(), subject: null }]]),
    });
  });

  it('ignores what a hand-written stream says about unknown clients, users or tenants', () => {
    const known = fold([registered]);
    expect(
      fold([
        registered,
        { type: 'ProducerSecretRotationRequested', data: { ...rotation('ghost', 1), publicKey: null } },
        { type: 'ProducerSecretIssued', data: { ...rotation('ghost', 1), sealedSecret: 'c2VhbGVk' } },
        { type: 'RoleGranted', data: { tenantId, username: 'nobody', role: 'viewer' } },
        { type: 'RoleRevoked', data: { tenantId, username: 'nobody', role: 'viewer' } },
        { type: 'UserProvisioned', data: { tenantId, username: 'nobody', subject: 'kc-nobody' } },
      ]),
    ).toEqual(known);
    expect(fold([{ type: 'RealmProvisioned', data: { tenantId } }])).toEqual({ status: 'unregistered' });
  });
});
