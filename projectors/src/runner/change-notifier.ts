import type pg from 'pg';
import type { ReadModelChange } from './projection.js';

export const CHANGES_CHANNEL = 'chronicle_read_changes';
// NOTIFY payloads must stay under 8000 bytes; a change naming more sources is split.
const MAX_PAYLOAD = 7_500;

/**
 * Tells the query API what a committed batch changed: per tenant, the sources and the span of time, and the
 * projection's new position. Sent after commit; a lost notification only delays a live update, since the
 * query API reads the read models, never the payload's data.
 */
export async function notifyChanges(
  pool: pg.Pool,
  projection: string,
  position: bigint,
  changes: readonly ReadModelChange[],
): Promise<void> {
  const payloads: string[] = [];
  for (const change of changes) {
    let sourceIds: string[] = [];
    const flush = () =>
      payloads.push(JSON.stringify({ projection, position: String(position), ...change, sourceIds }));
    for (const sourceId of change.sourceIds) {
      if (JSON.stringify(sourceIds).length + sourceId.length + 300 > MAX_PAYLOAD) {
        flush();
        sourceIds = [];
      }
      sourceIds.push(sourceId);
    }
    flush();
  }
  if (payloads.length === 0) return;
  // A notifying transaction gets an id, so its commit would wait for a WAL flush of its own; a change
  // notice need not be durable.
  await pool.query(
    `SELECT set_config('synchronous_commit', 'off', true), pg_notify('${CHANGES_CHANNEL}', payload)
       FROM unnest($1::text[]) AS payload`,
    [payloads],
  );
}
