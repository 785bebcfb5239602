import type pg from 'pg';
import type { Checkpoint } from '../types.js';

/** A stretch of the log: the events after `from` up to and including `to`, in log order. */
export interface LogRange {
  from: Checkpoint;
  to: Checkpoint;
  events: number;
  /** Only this tenant's events (a per-tenant rebuild); all tenants when absent. */
  tenant?: string;
}

/**
 * The next stretch of the log after `from`, at most `limit` events, all below the visibility horizon (the
 * same rule as readAll: nothing can later appear inside it). For consumers that apply the log in SQL in
 * their own transaction (projectors), which then select the range's events with
 * `(transaction_id, global_position) > ($from) AND (transaction_id, global_position) <= ($to)`
 * (see `logRangeBounds`). Undefined when nothing new is visible.
 */
export async function nextLogRange(
  client: pg.ClientBase,
  from: Checkpoint,
  limit: number,
  tenant?: string,
  /** No further than this checkpoint (inclusive). */
  until?: Checkpoint,
): Promise<LogRange | undefined> {
  const { rows } = await client.query<{ transaction_text: string; position_text: string; events: number }>(
    `SELECT transaction_id::text AS transaction_text, global_position::text AS position_text,
            count(*) OVER ()::int AS events
       FROM (SELECT transaction_id, global_position FROM chronicle.events
              WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
                AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                AND ($4::text IS NULL OR tenant_id = $4)
                AND ($5::text IS NULL OR (transaction_id, global_position) <= ($5::text::xid8, $6::bigint))
              ORDER BY transaction_id, global_position
              LIMIT $3) AS stretch
      ORDER BY transaction_id DESC, global_position DESC
      LIMIT 1`,
    [
      from.transactionId.toString(),
      from.position.toString(),
      limit,
      tenant ?? null,
      until?.transactionId.toString() ?? null,
      until?.position.toString() ?? null,
    ],
  );
  const last = rows[0];
  if (!last) return undefined;
  return {
    from,
    to: { transactionId: BigInt(last.transaction_text), position: BigInt(last.position_text) },
    events: last.events,
    ...(tenant === undefined ? {} : { tenant }),
  };
}

/**
 * The range as five query parameters, for `(transaction_id, global_position) > ($1::text::xid8, $2::bigint)
 * AND (transaction_id, global_position) <= ($3::text::xid8, $4::bigint) AND ($5::text IS NULL OR tenant_id = $5)`.
 */
export function logRangeBounds(range: LogRange): [string, string, string, string, string | null] {
  return [
    range.from.transactionId.toString(),
    range.from.position.toString(),
    range.to.transactionId.toString(),
    range.to.position.toString(),
    range.tenant ?? null,
  ];
}
