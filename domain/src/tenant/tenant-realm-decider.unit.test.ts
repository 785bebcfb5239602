import { describe, it } from 'vitest';
import { DeciderSpecification } from '../decider/decider-specification.js';
import { NotFoundError, ValidationError } from '../decider/domain-error.js';
import type { TenantCommand } from './tenant-commands.js';
import { tenantDecider } from './tenant-decider.js';
import type { TenantRegistered, TenantSuspended } from './tenant-events.js';
import type { RealmProvisioned, RealmProvisioningFailed, RealmUpdated } from './tenant-realm-events.js';

const spec = DeciderSpecification.for(tenantDecider);

const registered: TenantRegistered = {
  type: 'TenantRegistered',
  data: { tenantId: 'acme', displayName: 'Acme Corp' },
};
const suspended: TenantSuspended = { type: 'TenantSuspended', data: { tenantId: 'acme', reason: 'unpaid' } };

const recordProvisioned = (realmVersion?: string): TenantCommand => ({
  type: 'RecordRealmProvisioned',
  data: realmVersion === undefined ? {} : { realmVersion },
});
const recordFailed = (reason: string, retryable: boolean): TenantCommand => ({
  type: 'RecordRealmProvisioningFailed',
  data: { reason, retryable },
});
const recordUpdated = (change: string): TenantCommand => ({ type: 'RecordRealmUpdated', data: { change } });

const provisioned: RealmProvisioned = { type: 'RealmProvisioned', data: { tenantId: 'acme' } };
const failed: RealmProvisioningFailed = {
  type: 'RealmProvisioningFailed',
  data: { tenantId: 'acme', reason: 'Keycloak refused: 409 Conflict', retryable: false },
};
const updated: RealmUpdated = {
  type: 'RealmUpdated',
  data: { tenantId: 'acme', change: 'client acme-meter-1 created' },
};

describe('RecordRealmProvisioned', () => {
  it('records the realm provisioned, with its version when named', () => {
    spec.given([registered]).when(recordProvisioned()).then([provisioned]);
    spec
      .given([registered])
      .when(recordProvisioned(' 26.7.3 '))
      .then([{ type: 'RealmProvisioned', data: { tenantId: 'acme', realmVersion: '26.7.3' } }]);
  });

  it('records it again, e.g. after a failure or a full re-sync', () => {
    spec.given([registered, provisioned]).when(recordProvisioned()).then([provisioned]);
    spec.given([registered, failed]).when(recordProvisioned()).then([provisioned]);
  });

  it.each(['', ' ', 'x'.repeat(101)])('rejects realm version %j', (realmVersion) => {
    spec
      .given([registered])
      .when(recordProvisioned(realmVersion))
      .thenThrows(ValidationError, { code: 'REALM_VERSION_INVALID', field: 'realmVersion' });
  });
});

describe('RecordRealmProvisioningFailed', () => {
  it('records a failure, retryable or not', () => {
    spec.given([registered]).when(recordFailed('Keycloak refused: 409 Conflict', false)).then([failed]);
    spec
      .given([registered, provisioned])
      .when(recordFailed(' connection refused ', true))
      .then([
        {
          type: 'RealmProvisioningFailed',
          data: { tenantId: 'acme', reason: 'connection refused', retryable: true },
        },
      ]);
  });

  it.each(['', 'x'.repeat(1001)])('rejects reason %j', (reason) => {
    spec
      .given([registered])
      .when(recordFailed(reason, true))
      .thenThrows(ValidationError, { code: 'REALM_FAILURE_REASON_INVALID', field: 'reason' });
  });

  it('rejects a retryable flag that is not a boolean', () => {
    spec
      .given([registered])
      .when(recordFailed('timeout', 'yes' as unknown as boolean))
      .thenThrows(ValidationError, {
        code: 'REALM_FAILURE_RETRYABLE_INVALID',
        field: 'retryable',
        message: 'retryable must be a boolean, got string',
      });
  });
});

describe('RecordRealmUpdated', () => {
  it('records a change, the same one as often as it happens', () => {
    spec.given([registered]).when(recordUpdated('client acme-meter-1 created')).then([updated]);
    spec
      .given([registered, provisioned, updated])
      .when(recordUpdated('client acme-meter-1 created'))
      .then([updated]);
  });

  it.each(['', 'x'.repeat(1001)])('rejects change %j', (change) => {
    spec
      .given([registered])
      .when(recordUpdated(change))
      .thenThrows(ValidationError, { code: 'REALM_CHANGE_INVALID', field: 'change' });
  });
});

const realmRecords: readonly [TenantCommand, RealmProvisioned | RealmProvisioningFailed | RealmUpdated][] = [
  [recordProvisioned(), provisioned],
  [recordFailed('Keycloak refused: 409 Conflict', false), failed],
  [recordUpdated('client acme-meter-1 created'), updated],
];

describe('suspended tenant', () => {
  it.each(realmRecords)('accepts %j: its realm is still reconciled (to disable it)', (command, event) => {
    spec.given([registered, suspended]).when(command).then([event]);
  });
});

describe('unregistered tenant', () => {
  it.each(realmRecords)('rejects %j', (command) => {
    spec
      .given([])
      .when(command)
      .thenThrows(NotFoundError, { code: 'TENANT_NOT_REGISTERED', message: 'Tenant is not registered' });
  });
});
