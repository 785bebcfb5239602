import {
  domainEvents,
  tenantDecider,
  type TenantCommand,
  type TenantEvent,
  type TenantState,
} from '@chronicle/domain';
import {
  aggregateStream,
  handleCommand,
  type AggregatedStream,
  type EventStore,
  type HandleCommandOptions,
  type HandledCommand,
} from '@chronicle/eventstore';

/** The stream of a tenant's own aggregate, in that tenant's part of the log. */
export const TENANT_STREAM = 'tenant';

/** The tenant as its stream says now, and the stream's version. */
export function loadTenant(store: EventStore, tenant: string): Promise<AggregatedStream<TenantState>> {
  return aggregateStream(store, tenant, TENANT_STREAM, { ...tenantDecider, events: domainEvents });
}

/** A command on a tenant's stream, decided by the tenant decider: the one way tenants change. */
export function handleTenantCommand(
  store: EventStore,
  options: Omit<
    HandleCommandOptions<TenantCommand, TenantEvent, TenantState>,
    'streamId' | 'decider' | 'events'
  >,
): Promise<HandledCommand<TenantEvent, TenantState>> {
  return handleCommand(store, {
    ...options,
    streamId: TENANT_STREAM,
    decider: tenantDecider,
    events: domainEvents,
  });
}
