import { projectionStatuses } from '@chronicle/projectors';
import { requireOps } from '../auth/access.js';
import type { QueryResolvers } from '../graphql/schema-types.generated.js';
import { projectionView } from './projection-view.js';

export const projectionQueries: Pick<QueryResolvers, 'projections'> = {
  async projections(_, __, { caller, services }) {
    requireOps(caller);
    // Cross-tenant by nature (the head of the whole log): read as chronicle_platform.
    const statuses = await services.readModels.asPlatform((client) => projectionStatuses(client));
    return statuses.map(projectionView);
  },
};
