import { describe, it } from 'vitest';
import { DeciderSpecification } from '../decider/decider-specification.js';
import { ConflictError, NotFoundError, ValidationError } from '../decider/domain-error.js';
import type { RegisterTenant } from './tenant-commands.js';
import { tenantDecider } from './tenant-decider.js';
import type { TenantReactivated, TenantRegistered, TenantSuspended } from './tenant-events.js';

const spec = DeciderSpecification.for(tenantDecider);
const now = new Date('2024-05-01T12:00:00Z');

const register = (data: Partial<RegisterTenant['data']> = {}): RegisterTenant => ({
  type: 'RegisterTenant',
  data: { tenantId: 'acme', displayName: 'Acme Corp', ...data },
  metadata: { now },
});
const registered: TenantRegistered = {
  type: 'TenantRegistered',
  data: { tenantId: 'acme', displayName: 'Acme Corp', registeredAt: '2024-05-01T12:00:00.000Z' },
};
const suspended: TenantSuspended = { type: 'TenantSuspended', data: { tenantId: 'acme', reason: 'unpaid' } };
const reactivated: TenantReactivated = { type: 'TenantReactivated', data: { tenantId: 'acme' } };

describe('RegisterTenant', () => {
  it('registers a new tenant, stamped with the command time', () => {
    spec.given([]).when(register()).then([registered]);
  });

  it('leaves the registration time out when the command has none', () => {
    spec
      .given([])
      .when({ type: 'RegisterTenant', data: { tenantId: 'acme', displayName: 'Acme Corp' } })
      .then([{ type: 'TenantRegistered', data: { tenantId: 'acme', displayName: 'Acme Corp' } }]);
  });

  it('trims the display name', () => {
    spec
      .given([])
      .when(register({ displayName: '  Acme Corp \n' }))
      .then([registered]);
  });

  it.each(['ab', 'Acme', '-acme', 'acme-', 'ac_me', 'a'.repeat(41)])('rejects tenant id %j', (tenantId) => {
    spec
      .given([])
      .when(register({ tenantId }))
      .thenThrows(ValidationError, { code: 'TENANT_ID_INVALID', field: 'tenantId' });
  });

  it.each(['platform', 'master'])('rejects the reserved tenant id %s', (tenantId) => {
    spec
      .given([])
      .when(register({ tenantId }))
      .thenThrows(ValidationError, {
        code: 'TENANT_ID_RESERVED',
        message: `Tenant id "${tenantId}" is reserved for the platform`,
      });
  });

  it.each([
    ['empty', '', 'displayName must not be empty'],
    ['blank', '   ', 'displayName must not be empty'],
    ['too long', 'x'.repeat(201), 'displayName must be at most 200 characters, got 201'],
    ['not a string', 42 as unknown as string, 'displayName must be a string, got number'],
  ])('rejects a display name that is %s', (_case, displayName, message) => {
    spec
      .given([])
      .when(register({ displayName }))
      .thenThrows(ValidationError, { code: 'TENANT_DISPLAY_NAME_INVALID', field: 'displayName', message });
  });

  it('accepts a display name of exactly 200 characters', () => {
    spec
      .given([])
      .when(register({ displayName: 'x'.repeat(200) }))
      .then([{ ...registered, data: { ...registered.data, displayName: 'x'.repeat(200) } }]);
  });

  it('rejects registering twice, whatever the status', () => {
    spec
      .given([registered])
      .when(register())
      .thenThrows(ConflictError, { code: 'TENANT_ALREADY_REGISTERED' });
    spec
      .given([registered, suspended])
      .when(register())
      .thenThrows(ConflictError, { code: 'TENANT_ALREADY_REGISTERED' });
  });
});

describe('SuspendTenant', () => {
  const suspend = (reason = 'unpaid') => ({ type: 'SuspendTenant', data: { reason } }) as const;

  it('suspends an active tenant', () => {
    spec.given([registered]).when(suspend()).then([suspended]);
    spec.given([registered, suspended, reactivated]).when(suspend()).then([suspended]);
  });

  it('rejects suspending a suspended tenant', () => {
    spec.given([registered, suspended]).when(suspend()).thenThrows(ConflictError, {
      code: 'TENANT_NOT_ACTIVE',
      message: 'Tenant "acme" cannot be suspended: it is suspended',
    });
  });

  it('rejects suspending an unregistered tenant', () => {
    spec.given([]).when(suspend()).thenThrows(NotFoundError, { code: 'TENANT_NOT_REGISTERED' });
  });

  it('requires a reason', () => {
    spec
      .given([registered])
      .when(suspend(' '))
      .thenThrows(ValidationError, { code: 'TENANT_SUSPENSION_REASON_INVALID', field: 'reason' });
    spec
      .given([registered])
      .when(suspend('x'.repeat(501)))
      .thenThrows(ValidationError, { code: 'TENANT_SUSPENSION_REASON_INVALID' });
  });
});

describe('ReactivateTenant', () => {
  const reactivate = { type: 'ReactivateTenant', data: {} } as const;

  it('reactivates a suspended tenant', () => {
    spec.given([registered, suspended]).when(reactivate).then([reactivated]);
  });

  it('rejects reactivating an active tenant', () => {
    spec.given([registered]).when(reactivate).thenThrows(ConflictError, {
      code: 'TENANT_NOT_SUSPENDED',
      message: 'Tenant "acme" cannot be reactivated: it is active',
    });
    spec
      .given([registered, suspended, reactivated])
      .when(reactivate)
      .thenThrows(ConflictError, { code: 'TENANT_NOT_SUSPENDED' });
  });

  it('rejects reactivating an unregistered tenant', () => {
    spec.given([]).when(reactivate).thenThrows(NotFoundError, { code: 'TENANT_NOT_REGISTERED' });
  });
});

describe('tenant decider', () => {
  it('rejects unknown commands at run time', () => {
    spec
      .given([])
      .when({ type: 'DeleteTenant', data: {} } as never)
      .thenThrows(TypeError, { message: 'Unknown tenant command "DeleteTenant"' });
  });
});
