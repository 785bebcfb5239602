import { isValidSourceId } from '@chronicle/domain';
import { requireOps, tenantReader, type TenantReader } from '../auth/access.js';
import type { ReadModels } from '../database/read-models.js';
import { badInput, notFound } from '../graphql/errors.js';
import type { Projection, SeriesUpdate, SubscriptionResolvers } from '../graphql/schema-types.generated.js';
import { resolutionOf } from '../series/resolution.js';
import type { SourceModel } from '../sources/source-model.js';
import { findSources } from '../sources/source-queries.js';
import type { SourceChangesMessage } from './source-fanout.js';

/** The most sources one subscription may watch. */
export const MAX_WATCHED_SOURCES = 100;

export const subscriptionResolvers: SubscriptionResolvers = {
  seriesUpdated: {
    async subscribe(_, { sourceIds, resolution, aggregate }, { caller, services }) {
      const reader = tenantReader(caller);
      const visible = await visibleSources(services.readModels, reader, sourceIds);
      return services.series.subscribe(
        {
          ...reader,
          sourceIds: new Set(visible.map((source) => source.id)),
          resolution: resolutionOf(resolution ?? 'RAW'),
          aggregate: aggregate ?? 'AVG',
        },
        new Map(visible.map((source) => [source.id, source.lastTs])),
      );
    },
    resolve: (message: SeriesUpdate) => message,
  },

  sourceChanged: {
    async subscribe(_, { sourceIds }, { caller, services }) {
      const reader = tenantReader(caller);
      const watched = sourceIds == null ? null : await visibleSources(services.readModels, reader, sourceIds);
      return services.sources.subscribe({
        ...reader,
        sourceIds: watched && new Set(watched.map((source) => source.id)),
      });
    },
    resolve: (message: SourceChangesMessage) => message,
  },

  projectionProgress: {
    subscribe(_, __, { caller, services }) {
      requireOps(caller);
      return services.projections.subscribe();
    },
    resolve: (message: Projection[]) => message,
  },
};

/**
 * The sources asked for, each checked to be the caller's to see; otherwise the subscription fails before
 * it starts, naming only the ids the caller gave (another tenant's id and an unknown id read the same).
 */
async function visibleSources(
  readModels: ReadModels,
  reader: TenantReader,
  sourceIds: readonly string[],
): Promise<SourceModel[]> {
  const ids = [...new Set(sourceIds)];
  if (ids.length === 0 || ids.length > MAX_WATCHED_SOURCES) {
    throw badInput(`watch between 1 and ${MAX_WATCHED_SOURCES} sources`);
  }
  const malformed = ids.find((id) => !isValidSourceId(id));
  if (malformed !== undefined) throw badInput(`${JSON.stringify(malformed)} is not a source id`);
  const visible = await readModels.inTenant(reader.tenant, (client) =>
    findSources(client, { tenant: reader.tenant, ids, owner: reader.seesAll ? null : reader.subject }),
  );
  const missing = ids.filter((id) => !visible.some((source) => source.id === id));
  if (missing.length > 0) throw notFound(`no source ${missing.join(', ')} visible to this token`);
  return visible;
}
