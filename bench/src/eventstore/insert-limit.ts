import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { EVENT_TYPE, PayloadCycle, type Payload } from './event-payload.js';
import type { WriteOnce } from './timed-run.js';

/**
 * The table the limit writes to: rows of the same columns and sizes as our stored events (the issue's
 * "equally sized rows"), every value supplied by the client, and nothing else: no index, no key, no
 * identity, no trigger. What PostgreSQL itself costs for durable commits of that many bytes.
 */
export const LIMIT_TABLE_SQL = `CREATE TABLE bench_rows (
  tenant         text        NOT NULL,
  stream         text        NOT NULL,
  version        bigint      NOT NULL,
  position       bigint      NOT NULL,
  event_id       uuid        NOT NULL,
  event_type     text        NOT NULL,
  schema_version integer     NOT NULL,
  data           jsonb       NOT NULL,
  metadata       jsonb       NOT NULL,
  recorded_at    timestamptz NOT NULL,
  transaction_id xid8        NOT NULL,
  hash           bytea       NOT NULL
)`;

const PARAMS_PER_ROW = 8;

export interface InsertWriterOptions {
  tenant: string;
  writer: number;
  streams: number;
  rowsPerInsert: number;
  payloads: readonly Payload[];
}

/**
 * One pg connection of its own, writing one multi-row INSERT of `rowsPerInsert` rows per statement, each
 * statement its own (autocommit) transaction. Prepared once, as the fastest plain client would.
 */
export async function insertWriter(
  url: string,
  options: InsertWriterOptions,
): Promise<{
  write: WriteOnce;
  close(): Promise<void>;
}> {
  const { tenant, writer, streams, rowsPerInsert } = options;
  const client = new pg.Client({ connectionString: url, application_name: 'chronicle-bench-limit' });
  await client.connect();
  const versions = new Array<number>(streams).fill(0);
  const payloads = new PayloadCycle(options.payloads, writer * 131);
  const rows = Array.from({ length: rowsPerInsert }, (_, row) => {
    const at = row * PARAMS_PER_ROW;
    const [tenantAt, streamAt, versionAt, positionAt, idAt, dataAt, metadataAt, hashAt] = Array.from(
      { length: PARAMS_PER_ROW },
      (_, column) => `$${at + column + 1}`,
    );
    return `(${tenantAt}, ${streamAt}, ${versionAt}, ${positionAt}, ${idAt}, '${EVENT_TYPE}', 1, ${dataAt}, ${metadataAt}, now(), pg_current_xact_id(), ${hashAt})`;
  });
  const text = `INSERT INTO bench_rows (tenant, stream, version, position, event_id, event_type, schema_version,
    data, metadata, recorded_at, transaction_id, hash) VALUES ${rows.join(', ')}`;
  const name = `bench_insert_${rowsPerInsert}`;
  let next = 0;
  let position = writer * 1_000_000_000;
  // A hash's 32 bytes; what they hold costs PostgreSQL nothing more.
  const hash = randomBytes(32);
  return {
    write: async () => {
      const stream = next;
      next = (next + 1) % streams;
      const streamId = `w${writer}-s${stream}`;
      let version = versions[stream]!;
      const values: unknown[] = [];
      // The same metadata as our writers send: one correlation id per append.
      const metadata = JSON.stringify({ correlationId: randomUUID() });
      for (let row = 0; row < rowsPerInsert; row++) {
        const { json } = payloads.next();
        values.push(tenant, streamId, ++version, ++position, randomUUID(), json, metadata, hash);
      }
      await client.query({ name, text, values });
      versions[stream] = version;
      return rowsPerInsert;
    },
    close: () => client.end(),
  };
}
