import type pg from 'pg';

export interface ProjectionStatus {
  name: string;
  version: number;
  status: string;
  position: bigint;
  /** The log's newest position: how far there is to go. */
  head: bigint;
  eventsApplied: number;
  error: string | null;
  startedAt: Date;
  updatedAt: Date;
}

/** Every projection version with where it stands against the head of the log (what ops and the query API show). */
export async function projectionStatuses(client: pg.ClientBase): Promise<ProjectionStatus[]> {
  const { rows } = await client.query<{
    name: string;
    version: number;
    status: string;
    position: string;
    head: string;
    events_applied: string;
    error: string | null;
    started_at: Date;
    updated_at: Date;
  }>(
    `SELECT name, version, status, position::text, events_applied::text, error, started_at, updated_at,
            (SELECT coalesce(max(global_position), 0) FROM chronicle.events)::text AS head
       FROM chronicle_read.projections ORDER BY name, version`,
  );
  return rows.map((row) => ({
    name: row.name,
    version: row.version,
    status: row.status,
    position: BigInt(row.position),
    head: BigInt(row.head),
    eventsApplied: Number(row.events_applied),
    error: row.error,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
  }));
}
