import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Subscriptions run over graphql-ws only. Over HTTP, Apollo would execute one as a query, and its root
 * field (which only yields events) would fail as an internal error: refuse it as the client's mistake.
 */
export const subscriptionsNeedSocket: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'subscription') return;
        throw new GraphQLError(
          'subscriptions are served over the WebSocket at /graphql (graphql-ws protocol)',
          {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          },
        );
      },
    };
  },
};
