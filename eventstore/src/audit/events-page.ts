import type { EnvelopeReadHook } from '@chronicle/domain';
import type pg from 'pg';
import { InvalidReadRequest } from '../errors.js';
import { scopeOf } from '../database/scoped-query.js';
import { EVENT_COLUMNS, queryEvents } from '../read/event-row.js';
import { START, checkpointOf, type Checkpoint, type RecordedEvent } from '../types.js';

/** What an auditor may narrow the log to; every part is optional and they combine with AND. */
export interface EventFilter {
  streamId?: string;
  types?: readonly string[];
  /** `metadata.actor`: who caused the event (a user's or a client's subject). */
  actor?: string;
  /** Recorded time range, inclusive. */
  fromTime?: Date;
  toTime?: Date;
  /** Global position range, inclusive. */
  fromPosition?: bigint;
  toPosition?: bigint;
}

export interface EventsPageRequest {
  tenant: string;
  filter?: EventFilter;
  /** Continue after this event (the `next` of the previous page). */
  after?: Checkpoint;
  /** Events in the page, 1 to 1000. */
  limit: number;
}

export interface EventsPage {
  events: RecordedEvent[];
  /** Where the next page starts; absent on the last page (for now: later commits may still follow). */
  next?: Checkpoint;
}

export const MAX_EVENTS_PAGE = 1000;

/**
 * One page of a tenant's log for auditors, in log order and below the visibility horizon, as readAll
 * reads it: a page never changes once handed out, because nothing can commit behind it. Runs as the
 * tenant (row-level security), so a filter can never reach another tenant's events.
 */
export async function readEventsPage(
  pool: pg.Pool,
  upcast: EnvelopeReadHook | undefined,
  request: EventsPageRequest,
): Promise<EventsPage> {
  const { tenant, filter = {}, after = START, limit } = request;
  const scope = scopeOf(tenant);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_EVENTS_PAGE) {
    throw new InvalidReadRequest(
      `limit must be an integer from 1 to ${MAX_EVENTS_PAGE}, got ${JSON.stringify(limit)}`,
    );
  }
  for (const [name, value] of [
    ['fromTime', filter.fromTime],
    ['toTime', filter.toTime],
  ] as const) {
    if (value !== undefined && !(value instanceof Date && Number.isFinite(value.getTime()))) {
      throw new InvalidReadRequest(`${name} must be a valid time`);
    }
  }
  // One row more than asked tells whether another page follows.
  const batch = await queryEvents(
    pool,
    scope,
    `SELECT ${EVENT_COLUMNS} FROM chronicle.events
      WHERE tenant_id = $1
        AND (transaction_id, global_position) > ($2::text::xid8, $3::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        AND ($4::text IS NULL OR stream_id = $4)
        AND ($5::text[] IS NULL OR event_type = ANY ($5))
        AND ($6::text IS NULL OR metadata->>'actor' = $6)
        AND ($7::timestamptz IS NULL OR recorded_at >= $7)
        AND ($8::timestamptz IS NULL OR recorded_at <= $8)
        AND ($9::bigint IS NULL OR global_position >= $9)
        AND ($10::bigint IS NULL OR global_position <= $10)
      ORDER BY transaction_id, global_position
      LIMIT $11`,
    [
      tenant,
      after.transactionId,
      after.position,
      filter.streamId ?? null,
      filter.types ? [...filter.types] : null,
      filter.actor ?? null,
      filter.fromTime ?? null,
      filter.toTime ?? null,
      filter.fromPosition ?? null,
      filter.toPosition ?? null,
      limit + 1,
    ],
  );
  const events = batch.decode(upcast).slice(0, limit);
  return batch.length > limit ? { events, next: checkpointOf(events.at(-1)!) } : { events };
}
