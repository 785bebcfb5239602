import type { EnvelopeReadHook, EventEnvelope, EventMetadata } from '@chronicle/domain';
import type pg from 'pg';
import { inScopedTransaction, type ReadScope } from '../database/scoped-query.js';
import type { RecordedEvent } from '../types.js';

/**
 * The columns every event read selects, in the order `toRecordedEvent` takes them. Rows come back as arrays
 * of text and are converted once, here, instead of by pg's per-column parsers into a row object that is then
 * copied (bench/eventstore: readAll at 0.89 of a plain pg SELECT either way; the conversions are not where
 * the time goes, JSON.parse of data and metadata is). The time comes as epoch milliseconds, a Date's
 * precision. Converted columns get names of their own: an ORDER BY on a name
 * that is also an output column sorts the output column, and transaction ids sorted as text put 1000
 * before 999.
 */
export const EVENT_COLUMNS = `tenant_id, stream_id, stream_version AS version_number,
  global_position AS position_number, transaction_id AS transaction_number, event_id,
  event_type, schema_version, data, metadata,
  floor(extract(epoch FROM recorded_at) * 1000)::int8 AS recorded_ms, encode(hash, 'hex') AS hash_hex`;

/** A row of EVENT_COLUMNS, every column as PostgreSQL's text. */
export type EventRow = string[];

const asText = (value: string) => value;
const TEXT_ROWS = { rowMode: 'array', types: { getTypeParser: () => asText } } as const;

/** Runs an event query (selecting EVENT_COLUMNS) in a transaction scoped as asked. */
export async function queryEvents(
  pool: pg.Pool,
  scope: ReadScope,
  text: string,
  values: unknown[],
): Promise<EventRow[]> {
  return inScopedTransaction(pool, scope, 'read', async (client) => {
    const result = await client.query<EventRow>({ text, values, ...TEXT_ROWS });
    return result.rows;
  });
}

export function toRecordedEvent(row: EventRow, upcast: EnvelopeReadHook | undefined): RecordedEvent {
  const [tenant, streamId, version, position, transactionId, eventId, type, schemaVersion] = row;
  const stored: EventEnvelope = {
    type: type!,
    schemaVersion: Number(schemaVersion),
    data: JSON.parse(row[8]!) as unknown,
    metadata: JSON.parse(row[9]!) as EventMetadata,
  };
  const envelope = upcast ? upcast(stored) : stored;
  return {
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    data: envelope.data,
    metadata: envelope.metadata,
    tenant: tenant!,
    streamId: streamId!,
    streamVersion: Number(version),
    position: BigInt(position!),
    transactionId: BigInt(transactionId!),
    eventId: eventId!,
    recordedAt: new Date(Number(row[10])),
    hash: row[11]!,
  };
}

/** The stream version of a row, for paging through a stream. */
export const versionOf = (row: EventRow): number => Number(row[2]);
