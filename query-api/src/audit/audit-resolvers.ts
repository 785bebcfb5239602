import { domainEvents, foldStream, isValidSourceId, sourceStreamId } from '@chronicle/domain';
import { MAX_EVENTS_PAGE, type ChainProblem } from '@chronicle/eventstore';
import { auditorTenant } from '../auth/access.js';
import { badInput, notFound } from '../graphql/errors.js';
import type { QueryServices } from '../graphql/query-context.js';
import type {
  EventResolvers,
  QueryResolvers,
  StreamVerification,
} from '../graphql/schema-types.generated.js';
import { WIDTH_MS, resolutionOf } from '../series/resolution.js';
import { MAX_POINTS } from '../series/series-resolver.js';
import { seriesPoint } from '../series/series-point.js';
import { asOfOf } from './as-of.js';
import { checkpointOfCursor, eventCursor } from './event-cursor.js';
import { checkedStreamId, eventFilterOf } from './event-filter.js';
import { plainJson } from './plain-json.js';
import { readSeriesAsOf } from './series-as-of-query.js';

/**
 * The audit queries (auditors only), over the event store's audit reads: the log, never the read
 * models, since auditors ask what was written and what was known when.
 */
export const auditQueries: Pick<
  QueryResolvers,
  'events' | 'stream' | 'verifyStream' | 'verifyTenant' | 'seriesAsOf'
> = {
  async events(_, { filter, first, after }, { caller, services }) {
    const tenant = auditorTenant(caller);
    const limit = first ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_PAGE) {
      throw badInput(`first must be between 1 and ${MAX_EVENTS_PAGE}`);
    }
    const page = await services.store.readEventsPage({
      tenant,
      filter: eventFilterOf(filter),
      limit,
      ...(after == null ? {} : { after: checkpointOfCursor(after) }),
    });
    return {
      edges: page.events.map((event) => ({ cursor: eventCursor(event), node: event })),
      pageInfo: {
        hasNextPage: page.next !== undefined,
        endCursor: page.events.length > 0 ? eventCursor(page.events.at(-1)!) : null,
      },
    };
  },

  async stream(_, { id, asOf }, { caller, services }) {
    const tenant = auditorTenant(caller);
    const streamId = checkedStreamId(id);
    // Within a stream positions and times grow with the version: as of a moment is a prefix of it.
    const events = [];
    for await (const event of services.store.readStream(
      tenant,
      streamId,
      asOf ? { asOf: asOfOf(asOf) } : {},
    )) {
      events.push(event);
    }
    const last = events.at(-1);
    const folded = last
      ? foldStream(
          streamId,
          events.map((event) => domainEvents.toEvent(event)),
        )
      : undefined;
    return {
      id: streamId,
      version: last?.streamVersion ?? 0,
      position: last?.position ?? null,
      recordedAt: last?.recordedAt ?? null,
      kind: folded?.kind ?? null,
      state: folded ? plainJson(folded.state) : null,
    };
  },

  async verifyStream(_, { id }, { caller, services }) {
    const tenant = auditorTenant(caller);
    const streamId = checkedStreamId(id);
    const result = await services.store.verifyStream(tenant, streamId);
    if (result.intact) return { streamId, intact: true, version: result.version, problem: null };
    return brokenStream(streamId, result.problem, result.message);
  },

  async verifyTenant(_, __, { caller, services }) {
    const result = await services.store.verifyTenant(auditorTenant(caller));
    return {
      streams: result.streams,
      events: result.events,
      intact: result.broken.length === 0,
      broken: result.broken.map(({ streamId, problem, message }) => brokenStream(streamId, problem, message)),
    };
  },

  async seriesAsOf(_, args, { caller, services }) {
    const tenant = auditorTenant(caller);
    const { sourceId, from, to } = args;
    const resolution = args.resolution ?? 'RAW';
    const aggregate = args.aggregate ?? 'AVG';
    if (!isValidSourceId(sourceId)) throw badInput(`sourceId ${JSON.stringify(sourceId)} is not a source id`);
    if (from >= to) throw badInput('from must be before to');
    const width = WIDTH_MS[resolutionOf(resolution)] || 1;
    const tooMany = () =>
      badInput(`more than ${MAX_POINTS} values in this range at ${resolution}: narrow it or go coarser`);
    if (width > 1 && Math.ceil((to - from) / width) + 1 > MAX_POINTS) throw tooMany();
    const points = await services.readModels.inTenant(tenant, (client) =>
      readSeriesAsOf(client, {
        tenant,
        sourceId,
        from,
        to,
        asOf: asOfOf(args.asOf),
        width,
        limit: MAX_POINTS + 1,
      }),
    );
    if (points.length > MAX_POINTS) throw tooMany();
    if (points.length === 0 && !(await sourceExists(services, tenant, sourceId))) {
      throw notFound(`no source ${sourceId} in this tenant's log`);
    }
    return { sourceId, resolution, aggregate, points: points.map((point) => seriesPoint(point, aggregate)) };
  },
};

function brokenStream(streamId: string, problem: ChainProblem, message: string): StreamVerification {
  return {
    streamId,
    intact: false,
    version: null,
    problem: {
      kind: problem.kind === 'altered' ? 'ALTERED' : problem.kind === 'missing' ? 'MISSING' : 'INSERTED',
      streamVersion: problem.streamVersion,
      position: 'position' in problem ? problem.position : null,
      eventId: 'eventId' in problem ? problem.eventId : null,
      message,
    },
  };
}

/** Whether the tenant's log has the source at all (an empty range and an unknown id answer differently). */
async function sourceExists(services: QueryServices, tenant: string, sourceId: string): Promise<boolean> {
  for await (const _event of services.store.readStream(tenant, sourceStreamId(sourceId), { toVersion: 1 })) {
    return true;
  }
  return false;
}

export const eventType: EventResolvers = {
  actor: (event) => stringOf(event.metadata.actor),
  producer: (event) => stringOf(event.metadata.producer),
  correlationId: (event) => stringOf(event.metadata.correlationId),
};

const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);
