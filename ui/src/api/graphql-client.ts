import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import type { Session } from '../auth/session.svelte.js';
import type { Connection } from './connection.svelte.js';
import { ReauthenticateMutation } from '../graphql/operations.js';
import { describeFailure } from './failure.js';

const PONG_TIMEOUT_MS = 5_000;

/** How long to wait before reconnecting: quick at first, then every 10 s at most, with jitter. */
export function reconnectDelay(retries: number): number {
  return Math.min(10_000, 500 * 2 ** retries) + Math.random() * 500;
}

/**
 * The GraphQL client: queries over HTTP, subscriptions over one graphql-ws socket, both on this origin's
 * `/graphql`. Each request and each (re)connection carries the session's current access token.
 */
export function createGraphqlClient(session: Session, connection: Connection): Client {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // A socket can die without a close (sleep, a dropped route): a ping left unanswered ends it, so that
  // it reconnects rather than waiting silently.
  let pongOverdue: ReturnType<typeof setTimeout> | undefined;
  const socket = createWsClient({
    url: `${scheme}://${location.host}/graphql`,
    // Connects with the first subscription, i.e. once signed in (an earlier socket would carry no token),
    // and stays open across view changes.
    lazy: true,
    lazyCloseTimeout: 5_000,
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    // An expired session has to sign in again (a page load): retrying with its token would only be refused.
    shouldRetry: () => session.status !== 'expired',
    retryWait: async (retries) => {
      connection.retrying();
      await new Promise((resolve) => setTimeout(resolve, reconnectDelay(retries)));
    },
    connectionParams: async () => {
      const token = await session.accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connected: () => connection.online(),
      // A close for an expired token (4401) reconnects like any other, with a renewed token; a session that
      // cannot be renewed shows as expired through the session itself.
      closed: (event) => {
        clearTimeout(pongOverdue);
        connection.closed((event as CloseEvent | undefined)?.code === 1000);
      },
      ping: (received) => {
        if (!received) pongOverdue = setTimeout(() => socket.terminate(), PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongOverdue);
      },
    },
  });
  // The server holds a socket to its token's expiry: hand it each renewed token so the socket stays open.
  session.onRenewed((token) => {
    socket.subscribe(
      { query: ReauthenticateMutation, variables: { token } },
      { next: () => {}, error: () => {}, complete: () => {} },
    );
  });

  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onError: (error) => {
          if (describeFailure(error).kind === 'expired') session.expire();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        enableAllOperations: false,
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = socket.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
    fetch: async (input, init) => {
      // The token may need a renewal first; fetchOptions cannot wait for one, fetch can.
      const token = await session.accessToken();
      const headers = new Headers(init?.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });
}
