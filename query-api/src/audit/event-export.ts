import { once } from 'node:events';
import type http from 'node:http';
import {
  checkpointOf,
  type Checkpoint,
  type EventFilter,
  type EventStore,
  type RecordedEvent,
} from '@chronicle/eventstore';
import { GraphQLError } from 'graphql';
import { auditorTenant } from '../auth/access.js';
import type { Caller } from '../auth/caller.js';
import { badInput } from '../graphql/errors.js';
import { eventFilterOf } from './event-filter.js';

const BATCH = 1_000;

/**
 * `GET /export/events?fromPosition=&toPosition=&from=&to=&types=A,B&streamId=&actor=` (auditors): the
 * tenant's log, filtered as the `events` query filters it, as NDJSON, one event a line, in log order.
 * Streamed page by page (each its own read), waiting for the client to take each page before reading the
 * next, so an export of any size holds one page in memory.
 */
export function eventExport(options: {
  /** Verifies the request's token and takes a rate-limit token (GraphQL errors carry the HTTP status). */
  authenticate: (request: http.IncomingMessage) => Promise<Caller>;
  store: EventStore;
  logInternal: (error: unknown) => void;
}): (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => Promise<void> {
  return async (request, response, url) => {
    let tenant: string;
    let filter: EventFilter;
    try {
      tenant = auditorTenant(await options.authenticate(request));
      filter = filterOf(url.searchParams);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const code = String(error.extensions.code);
      const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
      for (const [name, value] of http?.headers ?? []) response.setHeader(name, value);
      response.statusCode = http?.status ?? (code === 'FORBIDDEN' ? 403 : 400);
      response.setHeader('content-type', 'application/json; charset=utf-8');
      return void response.end(
        JSON.stringify({ errors: [{ message: error.message, extensions: { code } }] }),
      );
    }

    response.statusCode = 200;
    response.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
    let after: Checkpoint | undefined;
    try {
      do {
        const page = await options.store.readEventsPage({
          tenant,
          filter,
          limit: BATCH,
          ...(after ? { after } : {}),
        });
        for (const event of page.events) {
          if (!response.write(`${JSON.stringify(exported(event))}\n`)) await once(response, 'drain');
          if (response.destroyed) return;
        }
        after = page.next && checkpointOf(page.events.at(-1)!);
      } while (after);
      response.end();
    } catch (error) {
      // Headers are out: a cut-off stream is how an export that failed midway shows.
      options.logInternal(error);
      response.destroy();
    }
  };
}

function filterOf(params: URLSearchParams): EventFilter {
  const position = (name: string) => {
    const value = params.get(name);
    if (value !== null && !/^\d{1,19}$/.test(value)) throw badInput(`${name} must be a log position`);
    return value;
  };
  return eventFilterOf({
    streamId: params.get('streamId'),
    types: params.get('types')?.split(',').filter(Boolean) ?? null,
    fromPosition: position('fromPosition'),
    toPosition: position('toPosition'),
    from: params.get('from'),
    to: params.get('to'),
    actor: params.get('actor'),
  });
}

function exported(event: RecordedEvent) {
  return {
    eventId: event.eventId,
    position: event.position.toString(),
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
    hash: event.hash,
  };
}
