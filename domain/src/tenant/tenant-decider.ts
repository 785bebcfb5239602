import { assertNever } from '../decider/assert-never.js';
import type { Decider } from '../decider/decider.js';
import { ConflictError, ValidationError } from '../decider/domain-error.js';
import { requireText } from '../validation/require-text.js';
import { tenantNotRegistered } from './require-active-tenant.js';
import type { ReactivateTenant, RegisterTenant, SuspendTenant, TenantCommand } from './tenant-commands.js';
import type { TenantEvent, TenantReactivated, TenantRegistered, TenantSuspended } from './tenant-events.js';
import { RESERVED_TENANT_IDS, isValidTenantId } from './tenant-id.js';
import { decideTenantIdentity } from './tenant-identity-decider.js';
import { decideTenantRealm } from './tenant-realm-decider.js';
import { evolveTenant, initialTenantState } from './tenant-state.js';
import type { TenantState } from './tenant-state.js';

export const TENANT_DISPLAY_NAME_MAX_LENGTH = 200;
export const TENANT_SUSPENSION_REASON_MAX_LENGTH = 500;

/**
 * The one decider of the Tenant stream. The lifecycle is decided here, producers and users in
 * tenant-identity-decider, and the reconciler's records of the realm in tenant-realm-decider.
 */
export function decideTenant(command: TenantCommand, state: TenantState): TenantEvent[] {
  switch (command.type) {
    case 'RegisterTenant':
      return [registerTenant(command, state)];
    case 'SuspendTenant':
      return [suspendTenant(command, state)];
    case 'ReactivateTenant':
      return [reactivateTenant(command, state)];
    case 'RegisterProducerClient':
    case 'RotateProducerSecret':
    case 'InviteUser':
    case 'GrantRole':
    case 'RevokeRole':
      return decideTenantIdentity(command, state);
    case 'RecordRealmProvisioned':
    case 'RecordRealmProvisioningFailed':
    case 'RecordRealmUpdated':
    case 'RecordProducerSecretIssued':
    case 'RecordUserProvisioned':
      return decideTenantRealm(command, state);
    default:
      return assertNever(command, 'tenant command');
  }
}

export const tenantDecider: Decider<TenantCommand, TenantEvent, TenantState> = {
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
};

function registerTenant({ data, metadata }: RegisterTenant, state: TenantState): TenantRegistered {
  const { tenantId } = data;
  if (!isValidTenantId(tenantId)) {
    throw new ValidationError(
      'TENANT_ID_INVALID',
      `Tenant id ${JSON.stringify(tenantId)} is invalid: use 3-40 lowercase letters, digits and hyphens, ` +
        'starting and ending with a letter or digit',
      'tenantId',
    );
  }
  if (RESERVED_TENANT_IDS.has(tenantId)) {
    throw new ValidationError(
      'TENANT_ID_RESERVED',
      `Tenant id "${tenantId}" is reserved for the platform`,
      'tenantId',
    );
  }
  const displayName = requireText(data.displayName, {
    field: 'displayName',
    maxLength: TENANT_DISPLAY_NAME_MAX_LENGTH,
    code: 'TENANT_DISPLAY_NAME_INVALID',
  });
  if (state.status !== 'unregistered') {
    throw new ConflictError('TENANT_ALREADY_REGISTERED', `Tenant "${state.tenantId}" is already registered`);
  }
  const registered: TenantRegistered['data'] = { tenantId, displayName };
  if (metadata?.now !== undefined) registered.registeredAt = metadata.now.toISOString();
  return { type: 'TenantRegistered', data: registered };
}

function suspendTenant({ data }: SuspendTenant, state: TenantState): TenantSuspended {
  const reason = requireText(data.reason, {
    field: 'reason',
    maxLength: TENANT_SUSPENSION_REASON_MAX_LENGTH,
    code: 'TENANT_SUSPENSION_REASON_INVALID',
  });
  if (state.status === 'unregistered') throw tenantNotRegistered();
  if (state.status !== 'active') {
    throw new ConflictError(
      'TENANT_NOT_ACTIVE',
      `Tenant "${state.tenantId}" cannot be suspended: it is ${state.status}`,
    );
  }
  return { type: 'TenantSuspended', data: { tenantId: state.tenantId, reason } };
}

function reactivateTenant(_command: ReactivateTenant, state: TenantState): TenantReactivated {
  if (state.status === 'unregistered') throw tenantNotRegistered();
  if (state.status !== 'suspended') {
    throw new ConflictError(
      'TENANT_NOT_SUSPENDED',
      `Tenant "${state.tenantId}" cannot be reactivated: it is ${state.status}`,
    );
  }
  return { type: 'TenantReactivated', data: { tenantId: state.tenantId } };
}
