import type { EventEnvelope, EventMetadata } from '@chronicle/domain';
import type { RecordedEvent } from '../types.js';

/** The columns every event read selects, shaped for cheap conversion (bigints as text, hash as hex). */
export const EVENT_COLUMNS = `tenant_id, stream_id, stream_version::int4 AS stream_version,
  global_position::text AS position, transaction_id::text AS transaction_id, event_id::text AS event_id,
  event_type, schema_version, data, metadata, recorded_at, encode(hash, 'hex') AS hash`;

export interface EventRow {
  tenant_id: string;
  stream_id: string;
  stream_version: number;
  position: string;
  transaction_id: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
  hash: string;
}

/** Reads an older schema version as the current one (see the domain's event registry). */
export type Upcast = (envelope: EventEnvelope) => EventEnvelope;

export function toRecordedEvent(row: EventRow, upcast: Upcast | undefined): RecordedEvent {
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
    streamVersion: row.stream_version,
    position: BigInt(row.position),
    transactionId: BigInt(row.transaction_id),
    eventId: row.event_id,
    recordedAt: row.recorded_at,
    hash: row.hash,
  };
}
