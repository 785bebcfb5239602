import { ConflictError, NotFoundError } from '../decider/domain-error.js';
import type { RegisteredTenant, TenantState } from './tenant-state.js';

export type RegisteredTenantState = Exclude<TenantState, { readonly status: 'unregistered' }>;

export const tenantNotRegistered = () =>
  new NotFoundError('TENANT_NOT_REGISTERED', 'Tenant is not registered');

/** What the reconciler records applies to a tenant whatever its status, as long as it exists. */
export function requireRegisteredTenant(state: TenantState): RegisteredTenantState {
  if (state.status === 'unregistered') throw tenantNotRegistered();
  return state;
}

/** A suspended tenant keeps its producers and users as they are until it is reactivated. */
export function requireActiveTenant(state: TenantState): { readonly status: 'active' } & RegisteredTenant {
  const tenant = requireRegisteredTenant(state);
  if (tenant.status === 'suspended') {
    throw new ConflictError(
      'TENANT_SUSPENDED',
      `Tenant "${tenant.tenantId}" is suspended (${tenant.reason}): ` +
        'its producers and users cannot change until it is reactivated',
    );
  }
  return tenant;
}
