import type { EventFilter } from '@chronicle/eventstore';
import { badInput } from '../graphql/errors.js';
import type { EventFilter as EventFilterInput } from '../graphql/schema-types.generated.js';

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

/** A stream id as the log names them (`tenant`, `source-<id>`, `measurements-<id>`), else a refusal. */
export function checkedStreamId(streamId: string): string {
  if (!STREAM_ID.test(streamId)) throw badInput(`${JSON.stringify(streamId)} is not a stream id`);
  return streamId;
}

/** The `events` filter (or the export's query parameters) as the event store takes it, checked. */
export function eventFilterOf(input: EventFilterInput | null | undefined): EventFilter {
  const filter: EventFilter = {};
  if (input?.streamId != null) filter.streamId = checkedStreamId(input.streamId);
  if (input?.types != null) {
    if (input.types.length === 0 || input.types.length > 50)
      throw badInput('filter.types takes 1 to 50 types');
    filter.types = [...input.types];
  }
  if (input?.actor != null) filter.actor = input.actor;
  if (input?.from != null) filter.fromTime = time(input.from, 'from');
  if (input?.to != null) filter.toTime = time(input.to, 'to');
  if (input?.fromPosition != null) filter.fromPosition = BigInt(input.fromPosition);
  if (input?.toPosition != null) filter.toPosition = BigInt(input.toPosition);
  return filter;
}

function time(value: string, name: string): Date {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw badInput(`${name} must be an ISO 8601 time`);
  return parsed;
}
