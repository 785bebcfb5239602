import type { EnvelopeReadHook, EventEnvelope, EventMetadata } from '@chronicle/domain';
import type pg from 'pg';
import { copyQuery, type CopyParameter } from '../database/copy-query.js';
import { inScopedTransaction, type ReadScope } from '../database/scoped-query.js';
import type { Checkpoint, RecordedEvent } from '../types.js';
import { indexCopyRows, type CopyRows } from './copy-binary.js';

/**
 * The columns every event read selects, in the order EventBatch takes them. Reads come back in binary COPY
 * format: numbers, ids and times are taken from their bytes, with no string made per field, and only text
 * and JSON are decoded (replaying small events: ~4 µs of Node per event, COPY framing included, against
 * ~7 µs through pg's text rows, whose per-field strings and the garbage they left were most of the cost).
 */
export const EVENT_COLUMNS = `tenant_id, stream_id, stream_version, global_position, transaction_id,
  event_id, event_type, schema_version, data, metadata, recorded_at, hash`;
/** Each column's place in EVENT_COLUMNS. */
const FIELD = {
  tenant: 0,
  stream: 1,
  version: 2,
  position: 3,
  transaction: 4,
  eventId: 5,
  type: 6,
  schemaVersion: 7,
  data: 8,
  metadata: 9,
  recordedAt: 10,
  hash: 11,
} as const;
const FIELDS = Object.keys(FIELD).length;

// PostgreSQL's times count microseconds from 2000-01-01 UTC.
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

/**
 * Events as read, not yet decoded: a reader can ask for the next batch from `last` at once, and decode
 * this one while PostgreSQL produces that.
 */
export class EventBatch {
  readonly length: number;
  /** Where the last event stands in the log. */
  readonly last: Checkpoint | undefined;
  /** The row whose metadata was parsed last: the next row with the same bytes shares its object. */
  private metadataRow = -1;
  private metadataValue: EventMetadata | undefined;

  constructor(private readonly rows: CopyRows) {
    this.length = rows.rows;
    this.last =
      rows.rows === 0
        ? undefined
        : {
            transactionId: rows.buffer.readBigUInt64BE(this.start(rows.rows - 1, FIELD.transaction)),
            position: rows.buffer.readBigInt64BE(this.start(rows.rows - 1, FIELD.position)),
          };
  }

  /** Every event, upcast to its current schema version. */
  decode(upcast: EnvelopeReadHook | undefined): RecordedEvent[] {
    const events = new Array<RecordedEvent>(this.length);
    for (let row = 0; row < this.length; row++) events[row] = this.event(row, upcast);
    return events;
  }

  /**
   * One event, upcast. Readers that hand events on one at a time decode each as it is asked for, so that
   * it dies young (a batch decoded at once lives through collections, copied and promoted).
   */
  event(row: number, upcast: EnvelopeReadHook | undefined): RecordedEvent {
    const { buffer } = this.rows;
    const stored: EventEnvelope = {
      type: this.text(row, FIELD.type),
      schemaVersion: buffer.readInt32BE(this.start(row, FIELD.schemaVersion)),
      data: this.json(row, FIELD.data),
      metadata: this.metadata(row),
    };
    const envelope = upcast ? upcast(stored) : stored;
    const recordedMicros = Number(buffer.readBigInt64BE(this.start(row, FIELD.recordedAt)));
    return {
      type: envelope.type,
      schemaVersion: envelope.schemaVersion,
      data: envelope.data,
      metadata: envelope.metadata,
      tenant: this.text(row, FIELD.tenant),
      streamId: this.text(row, FIELD.stream),
      streamVersion: Number(buffer.readBigInt64BE(this.start(row, FIELD.version))),
      position: buffer.readBigInt64BE(this.start(row, FIELD.position)),
      transactionId: buffer.readBigUInt64BE(this.start(row, FIELD.transaction)),
      eventId: this.uuid(row, FIELD.eventId),
      recordedAt: new Date(POSTGRES_EPOCH_MS + Math.floor(recordedMicros / 1000)),
      hash: this.rows.buffer.toString('hex', this.start(row, FIELD.hash), this.end(row, FIELD.hash)),
    };
  }

  /** Where a row starts in the batch's bytes (a row's size is the next one's offset less its own). */
  offset(row: number): number {
    return this.start(row, 0);
  }

  private start(row: number, field: number): number {
    return this.rows.starts[row * FIELDS + field]!;
  }

  private end(row: number, field: number): number {
    const index = row * FIELDS + field;
    return this.rows.starts[index]! + this.rows.lengths[index]!;
  }

  private text(row: number, field: number): string {
    return this.rows.buffer.toString('utf8', this.start(row, field), this.end(row, field));
  }

  /** jsonb's binary form: a format version byte (1), then the text. */
  private json(row: number, field: number): unknown {
    const start = this.start(row, field);
    const version = this.rows.buffer[start];
    if (version !== 1) throw new Error(`jsonb format version ${version} is not 1`);
    return JSON.parse(this.rows.buffer.toString('utf8', start + 1, this.end(row, field)));
  }

  /**
   * The events of one append mostly carry one command's metadata, byte for byte: they share one parsed
   * object, frozen so that no reader can change another event's metadata through it (~6% of decoding).
   */
  private metadata(row: number): EventMetadata {
    const previous = this.metadataRow;
    const { buffer } = this.rows;
    const start = this.start(row, FIELD.metadata);
    const end = this.end(row, FIELD.metadata);
    if (
      previous < 0 ||
      buffer.compare(
        buffer,
        this.start(previous, FIELD.metadata),
        this.end(previous, FIELD.metadata),
        start,
        end,
      ) !== 0
    ) {
      this.metadataRow = row;
      this.metadataValue = deepFreeze(this.json(row, FIELD.metadata) as EventMetadata);
    }
    return this.metadataValue!;
  }

  private uuid(row: number, field: number): string {
    const start = this.start(row, field);
    const hex = this.rows.buffer.toString('hex', start, start + 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The planner's cost of a random page for event reads. At the default (4, for spinning disks) it walks the
 * whole log's index and skips the other tenants' rows rather than read one tenant's own index, as soon as
 * that tenant holds a few percent of the log (one tenant of four: 12 against 3 ms a batch). The log's recent
 * pages are cached and its disks are SSDs, for which PostgreSQL's documentation suggests about 1.1.
 */
const EVENT_READ_SETTINGS = { random_page_cost: '1.1' };

/** Runs an event query (selecting EVENT_COLUMNS) in a transaction scoped as asked. */
export async function queryEvents(
  pool: pg.Pool,
  scope: ReadScope,
  text: string,
  values: readonly CopyParameter[],
): Promise<EventBatch> {
  const output = await inScopedTransaction(
    pool,
    scope,
    'read',
    (client) => copyQuery(client, text, values),
    EVENT_READ_SETTINGS,
  );
  return new EventBatch(indexCopyRows(output, FIELDS));
}
