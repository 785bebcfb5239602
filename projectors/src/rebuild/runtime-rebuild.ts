import type pg from 'pg';

/** A build as its status row names it. */
export interface BuildId {
  name: string;
  version: number;
  generation: number;
}

/** Why ops' request was refused: the projection is unknown (or does not serve), or a build is, or is not, under way. */
export type RebuildRefusal = 'unknown-projection' | 'build-under-way' | 'no-build-under-way';

export class RebuildRefused extends Error {
  constructor(
    readonly reason: RebuildRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'RebuildRefused';
  }
}

// SQLSTATEs raised by chronicle_read.request_rebuild / cancel_rebuild (migrations/0004_runtime_rebuilds.sql).
const REFUSALS: Record<string, RebuildRefusal> = {
  P0002: 'unknown-projection',
  '55006': 'build-under-way',
  '55000': 'no-build-under-way',
};

/**
 * Asks for a rebuild of the projection's serving version: a fresh copy (its next generation) that the
 * runners hosting the version build beside the serving one from an empty read model, and switch readers
 * to once it has caught up. The request is durable (a status row, `requested`); a runner takes it up
 * within a second. `requestedBy` is recorded (the ops user's subject). Needs chronicle_platform.
 */
export async function requestRebuild(
  client: pg.ClientBase | pg.Pool,
  name: string,
  requestedBy: string | null,
): Promise<BuildId> {
  return buildOf(client, 'SELECT name, version, generation FROM chronicle_read.request_rebuild($1, $2)', [
    name,
    requestedBy,
  ]);
}

/**
 * Cancels the build of the projection under way (a rebuild, or a new version's), of `version` only if
 * given: its runner stops it at the next batch and drops its tables; the serving copy goes on.
 */
export async function cancelRebuild(
  client: pg.ClientBase | pg.Pool,
  name: string,
  cancelledBy: string | null,
  version?: number,
): Promise<BuildId> {
  return buildOf(client, 'SELECT name, version, generation FROM chronicle_read.cancel_rebuild($1, $2, $3)', [
    name,
    cancelledBy,
    version ?? null,
  ]);
}

async function buildOf(client: pg.ClientBase | pg.Pool, sql: string, values: unknown[]): Promise<BuildId> {
  try {
    const { rows } = await client.query<BuildId>(sql, values);
    return rows[0]!;
  } catch (error) {
    const { code, message, hint } = error as { code?: string; message: string; hint?: string };
    const reason = code === undefined ? undefined : REFUSALS[code];
    if (reason) throw new RebuildRefused(reason, hint ? `${message} (${hint})` : message);
    throw error;
  }
}
