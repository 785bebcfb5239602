import { randomUUID } from 'node:crypto';
import type { Event } from '@event-driven-io/emmett';
import type { PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import { EVENT_TYPE, PayloadCycle, type Payload } from './event-payload.js';
import type { WriteOnce } from './timed-run.js';

type MeasurementRecorded = Event<typeof EVENT_TYPE, Record<string, unknown>, { correlationId: string }>;

export interface EmmettWriterOptions {
  writer: number;
  streams: number;
  eventsPerAppend: number;
  payloads: readonly Payload[];
}

/** The same writer as ours, through emmett: own streams, tracked expected versions, same data and metadata. */
export function emmettWriter(store: PostgresEventStore, options: EmmettWriterOptions): WriteOnce {
  const { writer, streams, eventsPerAppend } = options;
  // Emmett's version of a stream that does not exist yet is 0.
  const versions = new Array<bigint>(streams).fill(0n);
  const payloads = new PayloadCycle(options.payloads, writer * 131);
  let next = 0;
  return async () => {
    const stream = next;
    next = (next + 1) % streams;
    const metadata = { correlationId: randomUUID() };
    const events: MeasurementRecorded[] = [];
    for (let index = 0; index < eventsPerAppend; index++) {
      events.push({ type: EVENT_TYPE, data: payloads.next().data, metadata });
    }
    // Emmett takes the stream type from the name's first dash-separated part: `bench`.
    const result = await store.appendToStream(`bench-w${writer}-s${stream}`, events, {
      expectedStreamVersion: versions[stream]!,
    });
    versions[stream] = result.nextExpectedStreamVersion;
    return eventsPerAppend;
  };
}
