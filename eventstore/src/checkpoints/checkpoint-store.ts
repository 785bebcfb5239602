import type pg from 'pg';
import { inScopedTransaction } from '../database/scoped-query.js';
import { START, type Checkpoint } from '../types.js';

const CONSUMER = /^[a-z][a-z0-9_.:-]{0,99}$/;

/** Named checkpoints of log consumers, written as chronicle_platform. */
export interface CheckpointStore {
  /** Where the consumer stands; the start of the log when it never saved. */
  load(consumer: string): Promise<Checkpoint>;
  save(consumer: string, checkpoint: Checkpoint): Promise<void>;
}

export function checkpointStore(pool: pg.Pool): CheckpointStore {
  const check = (consumer: string) => {
    if (!CONSUMER.test(consumer)) throw new Error(`consumer name ${JSON.stringify(consumer)} is not valid`);
  };
  return {
    async load(consumer) {
      check(consumer);
      const { rows } = await inScopedTransaction(pool, 'platform', 'read', (client) =>
        client.query<{ transaction_text: string; position_text: string }>(
          `SELECT transaction_id::text AS transaction_text, position::text AS position_text
             FROM chronicle.checkpoints WHERE consumer = $1`,
          [consumer],
        ),
      );
      const row = rows[0];
      return row
        ? { transactionId: BigInt(row.transaction_text), position: BigInt(row.position_text) }
        : START;
    },
    async save(consumer, checkpoint) {
      check(consumer);
      await inScopedTransaction(pool, 'platform', 'write', (client) =>
        client.query(
          `INSERT INTO chronicle.checkpoints (consumer, transaction_id, position) VALUES ($1, $2::text::xid8, $3)
           ON CONFLICT (consumer) DO UPDATE
             SET transaction_id = excluded.transaction_id, position = excluded.position, updated_at = now()`,
          [consumer, checkpoint.transactionId.toString(), checkpoint.position.toString()],
        ),
      );
    },
  };
}
