import type { EnvelopeReadHook } from '@chronicle/domain';
import type pg from 'pg';
import { InvalidReadRequest } from '../errors.js';
import { START, checkpointOf, type Checkpoint, type RecordedEvent } from '../types.js';
import { scopedQuery, scopeOf, type ReadScope } from '../database/scoped-query.js';
import { EVENT_COLUMNS, queryEvents, toRecordedEvent } from './event-row.js';

export interface ReadAllOptions {
  /** Read the events after this checkpoint; default the start of the log. */
  from?: Checkpoint;
  /** Only this tenant's events; all tenants (platform scope) when absent. */
  tenant?: string;
  /** Only events of these types. */
  types?: readonly string[];
  batchSize?: number;
}

export interface LogQuery {
  scope: ReadScope;
  tenant: string | null;
  types: string[] | null;
  batchSize: number;
}

export function logQueryOf(options: ReadAllOptions): LogQuery {
  const { tenant, types, batchSize = 1000 } = options;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new InvalidReadRequest(
      `batchSize must be an integer from 1 to 100000, got ${JSON.stringify(batchSize)}`,
    );
  }
  if (types !== undefined && (!Array.isArray(types) || types.some((type) => typeof type !== 'string'))) {
    throw new InvalidReadRequest('types must be an array of event type names');
  }
  return { scope: scopeOf(tenant), tenant: tenant ?? null, types: types ? [...types] : null, batchSize };
}

/**
 * One batch of the log after `from`, in (transaction id, position) order, and only below the visibility
 * horizon: the oldest transaction still running. Every transaction below it has committed or aborted, and
 * every transaction that starts later gets a higher id, so nothing can appear behind a checkpoint we hand
 * out. An event committed late is never skipped; readers wait for it instead (no timeout-based skip).
 */
export async function readLogBatch(
  pool: pg.Pool,
  upcast: EnvelopeReadHook | undefined,
  query: LogQuery,
  from: Checkpoint,
): Promise<RecordedEvent[]> {
  const rows = await queryEvents(
    pool,
    query.scope,
    `SELECT ${EVENT_COLUMNS} FROM chronicle.events
      WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        AND ($3::text IS NULL OR tenant_id = $3)
        AND ($4::text[] IS NULL OR event_type = ANY ($4))
      ORDER BY transaction_id, global_position
      LIMIT $5`,
    [from.transactionId.toString(), from.position.toString(), query.tenant, query.types, query.batchSize],
  );
  return rows.map((row) => toRecordedEvent(row, upcast));
}

/** Whether events exist that the horizon still hides: a reader that caught up should look again soon. */
export async function hasEventsBeyondHorizon(pool: pg.Pool, query: LogQuery): Promise<boolean> {
  const rows = await scopedQuery<{ pending: boolean }>(
    pool,
    query.scope,
    `SELECT EXISTS (
        SELECT 1 FROM chronicle.events
         WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())
           AND ($1::text IS NULL OR tenant_id = $1)
      ) AS pending`,
    [query.tenant],
  );
  return rows[0]?.pending ?? false;
}

/**
 * The log after `from` up to the horizon as it stands now, then done. The next batch is read while the
 * caller works through the current one, so PostgreSQL and Node work at the same time.
 */
export async function* readAll(
  pool: pg.Pool,
  upcast: EnvelopeReadHook | undefined,
  options: ReadAllOptions = {},
): AsyncGenerator<RecordedEvent> {
  const query = logQueryOf(options);
  let next: Promise<RecordedEvent[]> | undefined = readLogBatch(pool, upcast, query, options.from ?? START);
  try {
    while (next) {
      const events: RecordedEvent[] = await next;
      next =
        events.length === query.batchSize
          ? readLogBatch(pool, upcast, query, checkpointOf(events.at(-1)!))
          : undefined;
      yield* events;
    }
  } finally {
    // The caller stopped early: let the read ahead finish unobserved.
    next?.catch(() => {});
  }
}
