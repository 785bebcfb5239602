import type pg from 'pg';
import { logRangeBounds, type LogRange } from '@chronicle/eventstore';

export interface PoisonEvent {
  position: string;
  type: string;
  tenant: string;
  streamId: string;
  error: unknown;
}

/**
 * After a batch failed: applies its events one at a time (each under a savepoint, `onApplied` moving the
 * checkpoint past it) and returns the first that fails, so the projection stops exactly before it.
 */
export async function findPoisonEvent(
  client: pg.ClientBase,
  apply: (client: pg.ClientBase, range: LogRange) => Promise<unknown>,
  range: LogRange,
  onApplied: (single: LogRange) => Promise<void>,
): Promise<PoisonEvent | undefined> {
  const { rows } = await client.query<{
    transaction_text: string;
    position_text: string;
    event_type: string;
    tenant_id: string;
    stream_id: string;
  }>(
    `SELECT transaction_id::text AS transaction_text, global_position::text AS position_text,
            event_type, tenant_id, stream_id
       FROM chronicle.events
      WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
        AND (transaction_id, global_position) <= ($3::text::xid8, $4::bigint)
        AND ($5::text IS NULL OR tenant_id = $5)
      ORDER BY transaction_id, global_position`,
    logRangeBounds(range),
  );
  let from = range.from;
  for (const row of rows) {
    const to = { transactionId: BigInt(row.transaction_text), position: BigInt(row.position_text) };
    const single: LogRange = {
      from,
      to,
      events: 1,
      ...(range.tenant === undefined ? {} : { tenant: range.tenant }),
    };
    await client.query('SAVEPOINT single_event');
    try {
      await apply(client, single);
      await onApplied(single);
      await client.query('RELEASE SAVEPOINT single_event');
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT single_event');
      return {
        position: row.position_text,
        type: row.event_type,
        tenant: row.tenant_id,
        streamId: row.stream_id,
        error,
      };
    }
    from = to;
  }
  return undefined;
}
