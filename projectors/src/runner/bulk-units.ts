import type pg from 'pg';
import type { BulkBuild } from './projection.js';

export interface BulkUnitsOptions {
  bulkBuild: BulkBuild;
  /** Units built side by side, each on a connection (and transaction) of its own. */
  connections: number;
  transaction: <T>(work: (client: pg.PoolClient) => Promise<T>) => Promise<T>;
  /** Asked in each unit's transaction first: a version cancelled meanwhile builds no further unit. */
  stillBuilding: (client: pg.ClientBase) => Promise<boolean>;
  stopping: () => boolean;
}

/**
 * Builds a bulk build's pending units, biggest first, `connections` at a time. Resolves `built` when
 * none is left, `halted` when the version stopped building or the runner is stopping. A unit that fails
 * rejects it, once the units under way have ended; the units built stay built (each commits on its own).
 */
export async function buildPendingUnits(options: BulkUnitsOptions): Promise<'built' | 'halted'> {
  const { bulkBuild, connections, transaction, stillBuilding, stopping } = options;
  const units = await transaction((client) => bulkBuild.pendingUnits(client));
  let next = 0;
  let halted = false;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!halted && !failure && next < units.length) {
      if (stopping()) {
        halted = true;
        return;
      }
      const unit = units[next++]!;
      try {
        await transaction(async (client) => {
          if (!(await stillBuilding(client))) {
            halted = true;
            return;
          }
          await bulkBuild.buildUnit(client, unit);
        });
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(connections, units.length)) }, worker));
  if (failure) throw failure.error;
  return halted ? 'halted' : 'built';
}
