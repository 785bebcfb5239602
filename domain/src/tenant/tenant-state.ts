import { assertNever } from '../decider/assert-never.js';
import type { TenantEvent } from './tenant-events.js';
import { evolveTenantIdentity, initialTenantIdentity } from './tenant-identity-state.js';
import type { TenantIdentity } from './tenant-identity-state.js';

export interface RegisteredTenant extends TenantIdentity {
  readonly tenantId: string;
  readonly displayName: string;
}

export type TenantState =
  | { readonly status: 'unregistered' }
  | ({ readonly status: 'active' } & RegisteredTenant)
  | ({ readonly status: 'suspended'; readonly reason: string } & RegisteredTenant);

export const initialTenantState = (): TenantState => ({ status: 'unregistered' });

/** Events are facts already decided, so evolve applies them without re-checking the rules. */
export function evolveTenant(state: TenantState, event: TenantEvent): TenantState {
  if (event.type === 'TenantRegistered') {
    const { tenantId, displayName } = event.data;
    return { status: 'active', tenantId, displayName, ...initialTenantIdentity() };
  }
  // Only a hand-written stream changes a tenant before registering it; there is nothing to change.
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'TenantSuspended':
      return { ...registeredTenant(state), status: 'suspended', reason: event.data.reason };
    case 'TenantReactivated':
      return { ...registeredTenant(state), status: 'active' };
    case 'ProducerClientRegistered':
    case 'ProducerSecretRotationRequested':
    case 'UserInvited':
    case 'RoleGranted':
    case 'RoleRevoked':
    case 'RealmProvisioned':
    case 'RealmProvisioningFailed':
    case 'RealmUpdated':
    case 'ProducerSecretIssued':
    case 'UserProvisioned':
      return evolveTenantIdentity(state, event);
    default:
      return assertNever(event, 'tenant event');
  }
}

function registeredTenant(state: RegisteredTenant): RegisteredTenant {
  const { tenantId, displayName, provisioning, producerClients, secretsIssued, users } = state;
  return { tenantId, displayName, provisioning, producerClients, secretsIssued, users };
}
