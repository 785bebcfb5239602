import type pg from 'pg';
import {
  cancelRebuild,
  projectionStatuses,
  RebuildRefused,
  requestRebuild,
  type BuildId,
} from '@chronicle/projectors';
import { requireOps } from '../auth/access.js';
import { badInput, conflict, notFound } from '../graphql/errors.js';
import type { MutationResolvers, Projection } from '../graphql/schema-types.generated.js';
import { projectionView } from './projection-view.js';

// Projection names as the projectors give them (`timeseries`, `catalogue`): anything else names none.
const PROJECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Ops start and cancel rebuilds (platform realm, role ops). The request is a row the runners pick up,
 * written through the read models' own functions, in one transaction with reading back the build as
 * ops see it. The subject who asked is recorded with it.
 */
export const rebuildMutations: Pick<MutationResolvers, 'startRebuild' | 'cancelRebuild'> = {
  async startRebuild(_, { projection }, { caller, services }) {
    requireOps(caller);
    const name = projectionName(projection);
    return services.readModels.asPlatform(
      (client) => refusalsAsErrors(client, () => requestRebuild(client, name, caller.subject)),
      'write',
    );
  },

  async cancelRebuild(_, { projection }, { caller, services }) {
    requireOps(caller);
    const name = projectionName(projection);
    return services.readModels.asPlatform(
      (client) => refusalsAsErrors(client, () => cancelRebuild(client, name, caller.subject)),
      'write',
    );
  },
};

function projectionName(projection: string): string {
  if (!PROJECTION_NAME.test(projection)) {
    throw badInput(
      `projection must be a projection's name, such as "timeseries" (lowercase letters, digits, _): got ${JSON.stringify(projection.slice(0, 80))}`,
    );
  }
  return projection;
}

/** The build the request made or cancelled, as `projections` shows it; refusals as the client's errors. */
async function refusalsAsErrors(client: pg.ClientBase, request: () => Promise<BuildId>): Promise<Projection> {
  let build: BuildId;
  try {
    build = await request();
  } catch (error) {
    if (!(error instanceof RebuildRefused)) throw error;
    throw error.reason === 'unknown-projection' ? notFound(error.message) : conflict(error.message);
  }
  const status = (await projectionStatuses(client)).find(
    (row) => row.name === build.name && row.version === build.version && row.generation === build.generation,
  );
  // (the row was written in this very transaction)
  return projectionView(status!);
}
