import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

const SERIES_UPDATED = `subscription Probe($sourceIds: [ID!]!) {
  seriesUpdated(sourceIds: $sourceIds) { gap changes { sourceId points { t value } } }
}`;

/** A graphql-ws connection to the query API, as a dashboard holds one. */
export async function connectSubscriber(wsUrl: string, token: string): Promise<Client> {
  let resolveConnected!: () => void;
  let rejectConnected!: (error: unknown) => void;
  const connected = new Promise<void>((resolve, reject) => {
    resolveConnected = resolve;
    rejectConnected = reject;
  });
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 0,
    on: { connected: () => resolveConnected(), closed: (event) => rejectConnected(event) },
    onNonLazyError: (error) => rejectConnected(error),
  });
  await connected;
  return client;
}

/** Subscribes to a source's new points and calls `onPoint` with each point's time as it arrives. */
export function subscribeToPoints(
  client: Client,
  sourceId: string,
  onPoint: (t: number) => void,
  onError: (error: unknown) => void,
): () => void {
  return client.subscribe<{
    seriesUpdated: { gap: boolean; changes: { sourceId: string; points: { t: number }[] }[] };
  }>(
    { query: SERIES_UPDATED, variables: { sourceIds: [sourceId] } },
    {
      next: (message) => {
        if (message.errors?.length) return onError(new Error(message.errors[0]!.message));
        for (const change of message.data?.seriesUpdated.changes ?? []) {
          for (const point of change.points) onPoint(point.t);
        }
      },
      error: onError,
      complete: () => {},
    },
  );
}
