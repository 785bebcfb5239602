import type pg from 'pg';
import type { SourceModel } from './source-model.js';

interface SourceRow {
  tenant_id: string;
  source_id: string;
  name: string;
  owner_subject: string;
  unit: string | null;
  status: 'active' | 'retired';
  registered_at: Date;
  last_value: number | null;
  last_ts: number | null;
  last_seen: Date | null;
}

const COLUMNS = `tenant_id, source_id, name, owner_subject, unit, status, registered_at, last_value,
                 last_ts::float8 AS last_ts, last_seen`;

/**
 * A page of a tenant's sources in id order, after a source id; only the owner's when `owner` is given.
 * Scoped by tenant here and by row-level security again (the transaction's tenant).
 */
export async function listSources(
  client: pg.ClientBase,
  query: { tenant: string; owner: string | null; after: string | null; limit: number },
): Promise<SourceModel[]> {
  const { rows } = await client.query<SourceRow>(
    `SELECT ${COLUMNS}
       FROM chronicle_read.sources
      WHERE tenant_id = $1
        AND ($2::text IS NULL OR owner_subject = $2)
        AND ($3::text IS NULL OR source_id > $3)
      ORDER BY source_id
      LIMIT $4`,
    [query.tenant, query.owner, query.after, query.limit],
  );
  return rows.map(toSourceModel);
}

/** The tenant's sources among `ids` (the owner's only, when `owner` is given), in one query. */
export async function findSources(
  client: pg.ClientBase,
  query: { tenant: string; ids: readonly string[]; owner: string | null },
): Promise<SourceModel[]> {
  const { rows } = await client.query<SourceRow>(
    `SELECT ${COLUMNS}
       FROM chronicle_read.sources
      WHERE tenant_id = $1 AND source_id = ANY($2::text[]) AND ($3::text IS NULL OR owner_subject = $3)
      ORDER BY source_id`,
    [query.tenant, query.ids, query.owner],
  );
  return rows.map(toSourceModel);
}

function toSourceModel(row: SourceRow): SourceModel {
  return {
    tenant: row.tenant_id,
    id: row.source_id,
    name: row.name,
    owner: row.owner_subject,
    unit: row.unit,
    status: row.status,
    registeredAt: row.registered_at,
    lastValue: row.last_value,
    lastTs: row.last_ts,
    lastSeen: row.last_seen,
  };
}
