import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { auditQueries, eventType } from '../audit/audit-resolvers.js';
import { identityMutations, identityQueries } from '../auth/identity-resolvers.js';
import { projectionQueries } from '../projections/projection-resolvers.js';
import { rebuildMutations } from '../projections/rebuild-resolvers.js';
import { seriesQuery } from '../series/series-resolver.js';
import { sourceQueries, sourceType } from '../sources/source-resolvers.js';
import { subscriptionResolvers } from '../subscriptions/subscription-resolvers.js';
import { tenantIdentityQueries } from '../tenant/tenant-identity-resolvers.js';
import { schemaSdl } from './load-schema.js';
import { BigIntScalar, DateTime, EpochMillis, JSONScalar } from './scalars.js';
import type { Resolvers } from './schema-types.generated.js';

export const resolvers: Resolvers = {
  EpochMillis,
  DateTime,
  BigInt: BigIntScalar,
  JSON: JSONScalar,
  Query: {
    ...identityQueries,
    ...sourceQueries,
    ...seriesQuery,
    ...projectionQueries,
    ...auditQueries,
    ...tenantIdentityQueries,
  },
  Mutation: { ...identityMutations, ...rebuildMutations },
  Subscription: subscriptionResolvers,
  Source: sourceType,
  Event: eventType,
};

/** The executable schema: the SDL with its resolvers (a resolver the SDL does not name fails here). */
export function querySchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: schemaSdl(), resolvers });
}
