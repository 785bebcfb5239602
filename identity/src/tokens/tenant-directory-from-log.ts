import { checkpointOf, type Checkpoint, type EventStore } from '@chronicle/eventstore';
import type { TenantDirectory } from './tenant-directory.js';

const FOLDED = ['TenantRegistered', 'RealmProvisioned', 'TenantSuspended', 'TenantReactivated'] as const;

/**
 * The tenant directory as the token verifier needs it, folded in memory from the log: a tenant counts once
 * its realm is provisioned, and is refused while suspended. It follows the log live; `ready` resolves when
 * it has caught up with the log as it stood at start.
 */
export function tenantDirectoryFromLog(
  store: EventStore,
): TenantDirectory & { ready: Promise<void>; close(): void } {
  const tenants = new Map<string, { provisioned: boolean; suspended: boolean }>();
  const subscription = store.subscribe({ types: FOLDED });
  const ready = (async () => {
    // Caught up once the subscription has passed the last such event committed before we started.
    let target: Checkpoint | undefined;
    for await (const event of store.readAll({ types: FOLDED })) target = checkpointOf(event);
    while (target && before(subscription.checkpoint, target))
      await new Promise((resolve) => setTimeout(resolve, 10));
  })();
  void (async () => {
    for await (const event of subscription) {
      const tenant = tenants.get(event.tenant) ?? { provisioned: false, suspended: false };
      if (event.type === 'RealmProvisioned') tenant.provisioned = true;
      if (event.type === 'TenantSuspended') tenant.suspended = true;
      if (event.type === 'TenantReactivated') tenant.suspended = false;
      tenants.set(event.tenant, tenant);
    }
  })();
  return {
    ready,
    close: () => subscription.close(),
    async status(tenant) {
      const known = tenants.get(tenant);
      if (!known?.provisioned) return 'unknown';
      return known.suspended ? 'suspended' : 'active';
    },
  };
}

function before(a: Checkpoint, b: Checkpoint): boolean {
  return (
    a.transactionId < b.transactionId || (a.transactionId === b.transactionId && a.position < b.position)
  );
}
