import type { EnvelopeReadHook, EventEnvelope, EventMetadata } from '@chronicle/domain';
import type { RecordedEvent } from '../types.js';

/**
 * The columns every event read selects, shaped for cheap conversion (bigints as text, hash as hex). Converted
 * columns get names of their own: an ORDER BY on a name that is also an output column sorts the output
 * column, and transaction ids sorted as text put 1000 before 999.
 */
export const EVENT_COLUMNS = `tenant_id, stream_id, stream_version::int4 AS version_number,
  global_position::text AS position_text, transaction_id::text AS transaction_text, event_id::text AS event_uuid,
  event_type, schema_version, data, metadata, recorded_at, encode(hash, 'hex') AS hash_hex`;

export interface EventRow {
  tenant_id: string;
  stream_id: string;
  version_number: number;
  position_text: string;
  transaction_text: string;
  event_uuid: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
  hash_hex: string;
}

export function toRecordedEvent(row: EventRow, upcast: EnvelopeReadHook | undefined): RecordedEvent {
  const stored: EventEnvelope = {
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
  };
  const envelope = upcast ? upcast(stored) : stored;
  return {
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    data: envelope.data,
    metadata: envelope.metadata,
    tenant: row.tenant_id,
    streamId: row.stream_id,
    streamVersion: row.version_number,
    position: BigInt(row.position_text),
    transactionId: BigInt(row.transaction_text),
    eventId: row.event_uuid,
    recordedAt: row.recorded_at,
    hash: row.hash_hex,
  };
}
