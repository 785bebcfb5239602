import type { EnvelopeReadHook } from '@chronicle/domain';
import type pg from 'pg';
import { InvalidReadRequest } from '../errors.js';
import type { RecordedEvent } from '../types.js';
import { scopeOf } from '../database/scoped-query.js';
import { EVENT_COLUMNS, queryEvents } from './event-row.js';

export interface ReadStreamOptions {
  /** First version to read (inclusive); default 1. */
  fromVersion?: number;
  /** Last version to read (inclusive); default the end. */
  toVersion?: number;
  /**
   * The stream as it stood at a global position or a time: only events at or before it. Within one stream,
   * positions and recorded times grow with the version, so the result is always a prefix of the stream.
   */
  asOf?: { position: bigint } | { time: Date };
  batchSize?: number;
}

export async function* readStream(
  pool: pg.Pool,
  upcast: EnvelopeReadHook | undefined,
  tenant: string,
  streamId: string,
  options: ReadStreamOptions = {},
): AsyncGenerator<RecordedEvent> {
  const scope = scopeOf(tenant);
  const { fromVersion = 1, toVersion = Number.MAX_SAFE_INTEGER, asOf, batchSize = 1000 } = options;
  for (const [name, value] of [
    ['fromVersion', fromVersion],
    ['toVersion', toVersion],
    ['batchSize', batchSize],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new InvalidReadRequest(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
    }
  }
  const asOfPosition = asOf && 'position' in asOf ? asOf.position : null;
  const asOfTime = asOf && 'time' in asOf ? asOf.time : null;
  if (asOfPosition !== null && typeof asOfPosition !== 'bigint') {
    throw new InvalidReadRequest('asOf.position must be a bigint');
  }
  if (asOfTime !== null && !(asOfTime instanceof Date && Number.isFinite(asOfTime.getTime()))) {
    throw new InvalidReadRequest('asOf.time must be a valid time');
  }
  if (typeof streamId !== 'string') throw new InvalidReadRequest('stream id must be text');
  let after = fromVersion - 1;
  for (;;) {
    const batch = await queryEvents(
      pool,
      scope,
      `SELECT ${EVENT_COLUMNS} FROM chronicle.events
        WHERE tenant_id = $1 AND stream_id = $2 AND stream_version > $3 AND stream_version <= $4
          AND ($5::bigint IS NULL OR global_position <= $5) AND ($6::timestamptz IS NULL OR recorded_at <= $6)
        ORDER BY stream_version
        LIMIT $7`,
      [tenant, streamId, after, toVersion, asOfPosition, asOfTime, batchSize],
    );
    const events = batch.decode(upcast);
    yield* events;
    if (events.length < batchSize) return;
    after = events[events.length - 1]!.streamVersion;
  }
}
