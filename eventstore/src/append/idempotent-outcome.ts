import type pg from 'pg';
import { scopedQuery } from '../database/scoped-query.js';
import type { AppendOutcome } from './group-commit.js';
import { idempotencyRequestHash } from './serialise-append.js';

export interface IdempotencyLookup {
  tenant: string;
  idempotencyKey: string;
  idempotencyFingerprint: string;
}

/**
 * What the ledger says about a key before any work is done: the first append's outcome (`duplicate`), a key
 * taken by another request (`key_reused`), or nothing. Callers that decide against current state check this
 * first, because a retry decided again could fail where the first attempt succeeded (a source registered
 * twice). The append's own check stays the guard against concurrent retries.
 */
export async function findIdempotentOutcome(
  pool: pg.Pool,
  lookup: IdempotencyLookup,
): Promise<Extract<AppendOutcome, { status: 'duplicate' | 'key_reused' }> | undefined> {
  const [row] = await scopedQuery<{ matches: boolean; result: AppendOutcome & { status: 'ok' } }>(
    pool,
    { tenant: lookup.tenant },
    `SELECT request_hash = decode($3, 'hex') AS matches, result
       FROM chronicle.idempotency_keys
      WHERE tenant_id = $1 AND idempotency_key = $2`,
    [
      lookup.tenant,
      lookup.idempotencyKey,
      idempotencyRequestHash(lookup.tenant, lookup.idempotencyFingerprint),
    ],
  );
  if (!row) return undefined;
  return row.matches ? { status: 'duplicate', result: row.result } : { status: 'key_reused' };
}
