import pg from 'pg';
import { PayloadCycle, type Payload } from './event-payload.js';
import type { WriteOnce } from './timed-run.js';

/**
 * The table the limit writes to: an event's identity and data of the same size, and nothing else: no
 * index, no key, no trigger. What PostgreSQL itself costs for durable commits of that many bytes.
 */
export const LIMIT_TABLE_SQL = `CREATE TABLE bench_rows (
  tenant  text   NOT NULL,
  stream  text   NOT NULL,
  version bigint NOT NULL,
  data    jsonb  NOT NULL
)`;

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
    const at = row * 4;
    return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4})`;
  });
  const text = `INSERT INTO bench_rows (tenant, stream, version, data) VALUES ${rows.join(', ')}`;
  const name = `bench_insert_${rowsPerInsert}`;
  let next = 0;
  return {
    write: async () => {
      const stream = next;
      next = (next + 1) % streams;
      const streamId = `w${writer}-s${stream}`;
      let version = versions[stream]!;
      const values: unknown[] = [];
      for (let row = 0; row < rowsPerInsert; row++) {
        values.push(tenant, streamId, ++version, payloads.next().json);
      }
      await client.query({ name, text, values });
      versions[stream] = version;
      return rowsPerInsert;
    },
    close: () => client.end(),
  };
}
