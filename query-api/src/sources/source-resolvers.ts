import { isValidSourceId } from '@chronicle/domain';
import { tenantReader } from '../auth/access.js';
import { badInput } from '../graphql/errors.js';
import type { QueryResolvers, SourceResolvers } from '../graphql/schema-types.generated.js';
import { sourceCursor, sourceIdOfCursor } from './source-cursor.js';
import { findSources, listSources } from './source-queries.js';

/** The largest page of sources one query may ask for. */
export const MAX_SOURCES_PAGE = 500;

export const sourceQueries: Pick<QueryResolvers, 'sources' | 'source'> = {
  async sources(_, { first, after }, { caller, services }) {
    const reader = tenantReader(caller);
    const limit = first ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SOURCES_PAGE) {
      throw badInput(`first must be between 1 and ${MAX_SOURCES_PAGE}`);
    }
    const afterId = after == null ? null : sourceIdOfCursor(after);
    // One more than the page tells whether another page follows.
    const rows = await services.readModels.inTenant(reader.tenant, (client) =>
      listSources(client, {
        tenant: reader.tenant,
        owner: reader.seesAll ? null : reader.subject,
        after: afterId,
        limit: limit + 1,
      }),
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      edges: page.map((source) => ({ cursor: sourceCursor(source.id), node: source })),
      pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? sourceCursor(last.id) : null },
    };
  },

  async source(_, { id }, { caller, services }) {
    const reader = tenantReader(caller);
    if (!isValidSourceId(id)) throw badInput(`id ${JSON.stringify(id)} is not a source id`);
    const [source] = await services.readModels.inTenant(reader.tenant, (client) =>
      findSources(client, {
        tenant: reader.tenant,
        ids: [id],
        owner: reader.seesAll ? null : reader.subject,
      }),
    );
    return source ?? null;
  },
};

export const sourceType: SourceResolvers = {
  status: (source) => (source.status === 'active' ? 'ACTIVE' : 'RETIRED'),
};
