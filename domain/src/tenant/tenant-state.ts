import { assertNever } from '../decider/assert-never.js';
import type { TenantEvent } from './tenant-events.js';

export type TenantState =
  | { readonly status: 'unregistered' }
  | { readonly status: 'active'; readonly tenantId: string; readonly displayName: string }
  | {
      readonly status: 'suspended';
      readonly tenantId: string;
      readonly displayName: string;
      readonly reason: string;
    };

export const initialTenantState = (): TenantState => ({ status: 'unregistered' });

/** Events are facts already decided, so evolve applies them without re-checking the rules. */
export function evolveTenant(state: TenantState, event: TenantEvent): TenantState {
  switch (event.type) {
    case 'TenantRegistered': {
      const { tenantId, displayName } = event.data;
      return { status: 'active', tenantId, displayName };
    }
    case 'TenantSuspended':
      // An unregistered state cannot be suspended; only a hand-written stream gets here.
      if (state.status === 'unregistered') return state;
      return {
        status: 'suspended',
        tenantId: state.tenantId,
        displayName: state.displayName,
        reason: event.data.reason,
      };
    case 'TenantReactivated':
      if (state.status === 'unregistered') return state;
      return { status: 'active', tenantId: state.tenantId, displayName: state.displayName };
    default:
      return assertNever(event, 'tenant event');
  }
}
