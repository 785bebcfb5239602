import type { ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** One subscription's results as they arrive, to be taken in order. */
export interface ResultStream<Data> {
  next(): Promise<ExecutionResult<Data>>;
  /** Resolves when the server completes it or fails it (with the error). */
  ended: Promise<unknown>;
  dispose(): void;
}

export interface GraphqlSocket {
  client: Client;
  /** The connection_ack payload, or the close that refused the connection. */
  acknowledged: Promise<Record<string, unknown> | undefined>;
  closed: Promise<{ code: number; reason: string }>;
  subscribe<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): ResultStream<Data>;
  /** One query or mutation over this socket. */
  execute<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<ExecutionResult<Data>>;
  close(): Promise<void>;
}

/** A graphql-ws client as a dashboard opens one (Node has no global WebSocket: `ws` stands in). */
export function openGraphqlSocket(url: string, connectionParams: Record<string, unknown>): GraphqlSocket {
  let closedWith: (event: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
  let acknowledge: (payload: Record<string, unknown> | undefined) => void = () => {};
  const acknowledged = new Promise<Record<string, unknown> | undefined>((resolve) => (acknowledge = resolve));
  const client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    on: {
      connected: (_socket, payload) => acknowledge(payload as Record<string, unknown> | undefined),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closedWith({ code, reason: String(reason) });
        acknowledge(undefined);
      },
    },
    onNonLazyError: () => {},
  });

  function subscribe<Data>(query: string, variables?: Record<string, unknown>): ResultStream<Data> {
    const results: ExecutionResult<Data>[] = [];
    const takers: ((result: ExecutionResult<Data>) => void)[] = [];
    let end: (outcome: unknown) => void = () => {};
    const ended = new Promise<unknown>((resolve) => (end = resolve));
    const dispose = client.subscribe<Data>(
      { query, ...(variables ? { variables } : {}) },
      {
        next: (result) => {
          const taker = takers.shift();
          if (taker) taker(result as ExecutionResult<Data>);
          else results.push(result as ExecutionResult<Data>);
        },
        error: (error) => end(error),
        complete: () => end(undefined),
      },
    );
    return {
      next: () => {
        const waiting = results.shift();
        return waiting ? Promise.resolve(waiting) : new Promise((resolve) => takers.push(resolve));
      },
      ended,
      dispose,
    };
  }

  return {
    client,
    acknowledged,
    closed,
    subscribe,
    async execute<Data>(query: string, variables?: Record<string, unknown>) {
      const stream = subscribe<Data>(query, variables);
      const outcome = await Promise.race([stream.next(), stream.ended.then((error) => ({ error }))]);
      stream.dispose();
      if ('error' in outcome && !('data' in outcome)) throw outcome.error;
      return outcome as ExecutionResult<Data>;
    },
    close: () => client.dispose() as Promise<void>,
  };
}
