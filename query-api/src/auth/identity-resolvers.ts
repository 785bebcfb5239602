import { badInput } from '../graphql/errors.js';
import type { MutationResolvers, QueryResolvers } from '../graphql/schema-types.generated.js';

export const identityQueries: Pick<QueryResolvers, 'me'> = {
  me: (_, __, { caller }) => ({
    tenant: caller.tenant,
    subject: caller.subject,
    roles: caller.roles,
    clientId: caller.clientId,
    expiresAt: caller.expiresAt,
  }),
};

export const identityMutations: Pick<MutationResolvers, 'reauthenticate'> = {
  async reauthenticate(_, { token }, { session, services }) {
    if (!session) {
      throw badInput(
        'reauthenticate is for WebSocket connections: over HTTP, send the fresh token with the next request',
      );
    }
    const next = await services.authenticator.authenticate(token);
    session.reauthenticate(next);
    return { subject: next.subject, expiresAt: next.expiresAt };
  },
};
