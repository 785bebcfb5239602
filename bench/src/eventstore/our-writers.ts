import { randomUUID } from 'node:crypto';
import type { EventStore, StreamAppend } from '@chronicle/eventstore';
import { EVENT_TYPE, PayloadCycle, type Payload } from './event-payload.js';
import type { WriteOnce } from './timed-run.js';

export interface OurWriterOptions {
  tenant: string;
  /** Distinguishes this writer's streams from the others'. */
  writer: number;
  streams: number;
  eventsPerAppend: number;
  payloads: readonly Payload[];
}

/**
 * A writer as a service is one: it appends to streams of its own round-robin, passing the version the last
 * append returned as the expected version of the next, so every append is checked for conflicts.
 */
export function ourWriter(store: EventStore, options: OurWriterOptions): WriteOnce {
  const { tenant, writer, streams, eventsPerAppend } = options;
  const versions = new Array<number>(streams).fill(0);
  const payloads = new PayloadCycle(options.payloads, writer * 131);
  let next = 0;
  return async () => {
    const stream = next;
    next = (next + 1) % streams;
    const metadata = { correlationId: randomUUID() };
    const events: StreamAppend['events'][number][] = [];
    for (let index = 0; index < eventsPerAppend; index++) {
      events.push({ type: EVENT_TYPE, schemaVersion: 1, data: payloads.next().data, metadata });
    }
    const result = await store.append({
      tenant,
      streams: [{ streamId: `w${writer}-s${stream}`, expectedVersion: versions[stream]!, events }],
    });
    versions[stream] = result.streams[0]!.version;
    return eventsPerAppend;
  };
}
