import type pg from 'pg';
import type { BulkProgress } from '../runner/projection.js';
import { projectionVersion } from './projection-registry.js';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** Which build of the version: 1 its first, one more for each runtime rebuild. */
  generation: number;
  status: string;
  position: bigint;
  /** The log's newest position: how far there is to go. */
  head: bigint;
  eventsApplied: number;
  error: string | null;
  /** The ops user who asked for the build, and who cancelled it (null for a build a deployment started). */
  requestedBy: string | null;
  cancelledBy: string | null;
  startedAt: Date;
  switchedAt: Date | null;
  updatedAt: Date;
  /**
   * Where a build under way is: replaying the log, building its bulk units (the position stands still
   * meanwhile), or catching up with the log after them, batch by batch.
   */
  stage?: BuildStage;
  /** A build's bulk units, while it builds them. */
  bulk?: BulkProgress;
}

export type BuildStage = 'replaying' | 'units' | 'catching-up';

/**
 * Every projection build with where it stands against the head of the log (what ops and the query API
 * show), and for a build under way in bulk, how far its units are.
 */
export async function projectionStatuses(client: pg.ClientBase): Promise<ProjectionStatus[]> {
  const { rows } = await client.query<{
    name: string;
    version: number;
    generation: number;
    status: string;
    position: string;
    head: string;
    events_applied: string;
    error: string | null;
    requested_by: string | null;
    cancelled_by: string | null;
    started_at: Date;
    switched_at: Date | null;
    updated_at: Date;
  }>(
    `SELECT name, version, generation, status, position::text, events_applied::text, error, requested_by,
            cancelled_by, started_at, switched_at, updated_at,
            (SELECT coalesce(max(global_position), 0) FROM chronicle.events)::text AS head
       FROM chronicle_read.projections ORDER BY name, version, generation`,
  );
  const statuses: ProjectionStatus[] = [];
  for (const row of rows) {
    const { stage, bulk } =
      row.status === 'building' ? await buildStage(client, row) : { stage: undefined, bulk: undefined };
    statuses.push({
      name: row.name,
      version: row.version,
      generation: row.generation,
      status: row.status,
      position: BigInt(row.position),
      head: BigInt(row.head),
      eventsApplied: Number(row.events_applied),
      error: row.error,
      requestedBy: row.requested_by,
      cancelledBy: row.cancelled_by,
      startedAt: row.started_at,
      switchedAt: row.switched_at,
      updatedAt: row.updated_at,
      ...(stage ? { stage } : {}),
      ...(bulk ? { bulk } : {}),
    });
  }
  return statuses;
}

/** A building version's stage, and its units once planned (a version this code does not know: replaying). */
async function buildStage(
  client: pg.ClientBase,
  build: { name: string; version: number; generation: number },
): Promise<{ stage: BuildStage; bulk?: BulkProgress }> {
  const bulkBuild = projectionVersion(build.name, build.version, build.generation)?.bulkBuild;
  if (!bulkBuild) return { stage: 'replaying' };
  const stage = await bulkBuild.stage(client);
  if (stage === 'replaying') return { stage };
  // (after its units a bulk build follows the log batch by batch, as after a replay given up)
  if (stage === 'off') return { stage: 'catching-up' };
  const bulk = await bulkBuild.progress(client);
  return bulk ? { stage: 'units', bulk } : { stage: 'catching-up' };
}
