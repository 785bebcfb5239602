import { createHash } from 'node:crypto';
import type { Caller } from './caller.js';

/**
 * Idempotency keys are the caller's own: two producers of a tenant that both count their batches from 1
 * must not answer each other's requests. The ledger key is the caller's subject and its key.
 */
export function ledgerKey(caller: Caller, idempotencyKey: string): string {
  const subject =
    caller.subject.length <= 64 ? caller.subject : createHash('sha256').update(caller.subject).digest('hex');
  return `${subject}:${idempotencyKey}`;
}
