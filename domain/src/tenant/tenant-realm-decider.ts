import { assertNever } from '../decider/assert-never.js';
import { ValidationError } from '../decider/domain-error.js';
import { requireText } from '../validation/require-text.js';
import { requireRegisteredTenant } from './require-active-tenant.js';
import type {
  RecordRealmProvisioned,
  RecordRealmProvisioningFailed,
  RecordRealmUpdated,
  TenantRealmCommand,
} from './tenant-realm-commands.js';
import type {
  RealmProvisioned,
  RealmProvisioningFailed,
  RealmUpdated,
  TenantRealmEvent,
} from './tenant-realm-events.js';
import type { TenantState } from './tenant-state.js';

export const REALM_VERSION_MAX_LENGTH = 100;
/** Room for a Keycloak error with its response body, which the reconciler quotes. */
export const REALM_FAILURE_REASON_MAX_LENGTH = 1000;
/** Room for the several changes one event may cause, listed in one description. */
export const REALM_CHANGE_MAX_LENGTH = 1000;

/**
 * What the realm reconciler records about the tenant's Keycloak realm. These are reports of what already
 * happened, so they are accepted whatever the tenant's status (a suspended tenant's realm is still
 * reconciled, to disable it) and never rejected as no-ops: recording the same outcome twice is allowed.
 */
export function decideTenantRealm(command: TenantRealmCommand, state: TenantState): TenantRealmEvent[] {
  switch (command.type) {
    case 'RecordRealmProvisioned':
      return [recordRealmProvisioned(command, state)];
    case 'RecordRealmProvisioningFailed':
      return [recordRealmProvisioningFailed(command, state)];
    case 'RecordRealmUpdated':
      return [recordRealmUpdated(command, state)];
    default:
      return assertNever(command, 'tenant realm command');
  }
}

function recordRealmProvisioned({ data }: RecordRealmProvisioned, state: TenantState): RealmProvisioned {
  const realmVersion =
    data.realmVersion === undefined
      ? undefined
      : requireText(data.realmVersion, {
          field: 'realmVersion',
          maxLength: REALM_VERSION_MAX_LENGTH,
          code: 'REALM_VERSION_INVALID',
        });
  const { tenantId } = requireRegisteredTenant(state);
  return {
    type: 'RealmProvisioned',
    data: realmVersion === undefined ? { tenantId } : { tenantId, realmVersion },
  };
}

function recordRealmProvisioningFailed(
  { data }: RecordRealmProvisioningFailed,
  state: TenantState,
): RealmProvisioningFailed {
  const reason = requireText(data.reason, {
    field: 'reason',
    maxLength: REALM_FAILURE_REASON_MAX_LENGTH,
    code: 'REALM_FAILURE_REASON_INVALID',
  });
  const { retryable } = data;
  if (typeof retryable !== 'boolean') {
    throw new ValidationError(
      'REALM_FAILURE_RETRYABLE_INVALID',
      `retryable must be a boolean, got ${typeof retryable}`,
      'retryable',
    );
  }
  const { tenantId } = requireRegisteredTenant(state);
  return { type: 'RealmProvisioningFailed', data: { tenantId, reason, retryable } };
}

function recordRealmUpdated({ data }: RecordRealmUpdated, state: TenantState): RealmUpdated {
  const change = requireText(data.change, {
    field: 'change',
    maxLength: REALM_CHANGE_MAX_LENGTH,
    code: 'REALM_CHANGE_INVALID',
  });
  const { tenantId } = requireRegisteredTenant(state);
  return { type: 'RealmUpdated', data: { tenantId, change } };
}
