import type pg from 'pg';
import { inScopedTransaction, scopeOf } from '../database/scoped-query.js';

export type ChainProblem =
  | { kind: 'altered'; streamVersion: number; position: bigint; eventId: string }
  | { kind: 'missing'; streamVersion: number }
  | { kind: 'inserted'; streamVersion: number; position: bigint; eventId: string };

export type VerifyResult =
  { intact: true; version: number } | { intact: false; problem: ChainProblem; message: string };

interface ChainRow {
  version_number: number;
  position_text: string;
  event_uuid: string;
  hash: Buffer;
  matches: boolean;
}

const BATCH = 5000;

/**
 * Recomputes a stream's hash chain and names the first event that breaks it: altered (its content or hash
 * no longer matches), missing (a version gap, or fewer events than the stream head records), or inserted
 * (an event the stream head does not account for).
 */
export async function verifyStream(pool: pg.Pool, tenant: string, streamId: string): Promise<VerifyResult> {
  // One snapshot for the head and every batch: an append committing in between would otherwise show as
  // events the head does not account for ('inserted') on a stream that is being written.
  return inScopedTransaction(pool, scopeOf(tenant), 'snapshot', (client) =>
    verifyInSnapshot(client, tenant, streamId),
  );
}

async function verifyInSnapshot(
  client: pg.PoolClient,
  tenant: string,
  streamId: string,
): Promise<VerifyResult> {
  const { rows: heads } = await client.query<{ version: number; last_hash: Buffer }>(
    'SELECT version::int4 AS version, last_hash FROM chronicle.streams WHERE tenant_id = $1 AND stream_id = $2',
    [tenant, streamId],
  );
  const head = heads[0] ?? { version: 0, last_hash: Buffer.alloc(0) };
  let version = 0;
  let previousHash: Buffer = Buffer.alloc(0);
  let last: { position: bigint; eventId: string } | undefined;
  for (;;) {
    // Each row's hash is recomputed from the previous row's stored hash, so an edit shows at the first
    // event it touches, and a re-hashed edit shows at the event after it.
    const { rows } = await client.query<ChainRow>(
      `SELECT stream_version::int4 AS version_number, global_position::text AS position_text, event_id::text AS event_uuid,
              hash, hash = chronicle.event_hash(coalesce(lag(hash) OVER (ORDER BY stream_version), $4),
                tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata,
                recorded_at) AS matches
         FROM chronicle.events
        WHERE tenant_id = $1 AND stream_id = $2 AND stream_version > $3
        ORDER BY stream_version
        LIMIT ${BATCH}`,
      [tenant, streamId, version, previousHash],
    );
    for (const row of rows) {
      const event = { position: BigInt(row.position_text), eventId: row.event_uuid };
      if (row.version_number !== version + 1) {
        return broken({ kind: 'missing', streamVersion: version + 1 }, streamId);
      }
      if (row.version_number > head.version) {
        return broken({ kind: 'inserted', streamVersion: row.version_number, ...event }, streamId);
      }
      if (!row.matches) {
        return broken({ kind: 'altered', streamVersion: row.version_number, ...event }, streamId);
      }
      version = row.version_number;
      previousHash = row.hash;
      last = event;
    }
    if (rows.length < BATCH) break;
  }
  if (version < head.version) return broken({ kind: 'missing', streamVersion: version + 1 }, streamId);
  if (last && !previousHash.equals(head.last_hash)) {
    // The last event was rewritten together with its hash; the head still holds the original hash.
    return broken({ kind: 'altered', streamVersion: version, ...last }, streamId);
  }
  return { intact: true, version };
}

function broken(problem: ChainProblem, streamId: string): VerifyResult {
  const what = {
    altered: 'was altered: its hash does not match its content and the previous event',
    missing: 'is missing',
    inserted: 'was inserted: the stream head does not account for it',
  }[problem.kind];
  return {
    intact: false,
    problem,
    message: `stream '${streamId}': event version ${problem.streamVersion} ${what}`,
  };
}
