import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { freePort } from '@chronicle/devstack';
import { percentile } from '../stats/percentile.js';
import { residentBytes } from './live-services.js';
import type { ProbeWriter } from './probe-writer.js';
import { connectSubscriber, subscribeToPoints } from './series-subscriber.js';

export interface FanOutResult {
  subscriptions: number;
  sockets: number;
  deliveries: number;
  expected: number;
  p50Ms: number;
  p99Ms: number;
  residentBytes: number;
  errors: number;
}

const OPEN_AT_ONCE = 200;
const PROBE_SPACING_MS = 1_000;

async function inChunks<T>(count: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let start = 0; start < count; start += OPEN_AT_ONCE) {
    const chunk = Array.from({ length: Math.min(OPEN_AT_ONCE, count - start) }, (_, i) => make(start + i));
    made.push(...(await Promise.all(chunk)));
  }
  return made;
}

/** N subscriptions to one source held open against the query API; each probe point is timed to every one. */
export async function measureQueryApiFanOut(options: {
  wsUrl: string;
  token: string;
  probe: ProbeWriter;
  queryApiPid: number;
  subscriptions: number;
  subscriptionsPerSocket: number;
  probes: number;
  progress: (message: string) => void;
}): Promise<FanOutResult> {
  const { probe, subscriptions, subscriptionsPerSocket } = options;
  const sockets = Math.ceil(subscriptions / subscriptionsPerSocket);
  const latencies: number[] = [];
  const deliveredByT = new Map<number, number>();
  let errors = 0;
  let firstError: unknown;
  const onError = (error: unknown) => {
    errors++;
    firstError ??= error;
  };
  // Each subscription counts a point once, at its first arrival.
  const onPointOf = () => {
    const seen = new Set<number>();
    return (t: number) => {
      const sent = probe.sentAt.get(t);
      if (sent === undefined || seen.has(t)) return;
      seen.add(t);
      latencies.push(performance.now() - sent);
      deliveredByT.set(t, (deliveredByT.get(t) ?? 0) + 1);
    };
  };
  options.progress(`fan-out: opening ${sockets} sockets with ${subscriptions} subscriptions`);
  const clients: Client[] = await inChunks(sockets, () => connectSubscriber(options.wsUrl, options.token));
  try {
    let opened = 0;
    for (const client of clients) {
      for (let i = 0; i < subscriptionsPerSocket && opened < subscriptions; i++, opened++) {
        subscribeToPoints(client, probe.sourceId, onPointOf(), onError);
      }
    }
    // Warm-up: probes until one reaches every subscription (the server takes subscriptions asynchronously).
    for (const deadline = Date.now() + 60_000; ;) {
      const warmUp = await probe.write();
      await new Promise((resolve) => setTimeout(resolve, PROBE_SPACING_MS));
      if ((deliveredByT.get(warmUp) ?? 0) >= subscriptions) break;
      if (Date.now() > deadline) {
        const best = Math.max(0, ...deliveredByT.values());
        throw new Error(
          `fan-out warm-up: at most ${best} of ${subscriptions} subscriptions heard a probe` +
            (firstError ? `; first error: ${describe(firstError)}` : ''),
        );
      }
    }
    latencies.length = 0;
    const timed: number[] = [];
    for (let i = 0; i < options.probes; i++) {
      timed.push(await probe.write());
      await new Promise((resolve) => setTimeout(resolve, PROBE_SPACING_MS));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rss = await residentBytes(options.queryApiPid);
    const deliveries = timed.reduce((sum, t) => sum + (deliveredByT.get(t) ?? 0), 0);
    return {
      subscriptions,
      sockets,
      deliveries,
      expected: subscriptions * timed.length,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      residentBytes: rss,
      errors,
    };
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
  }
}

/** The same fan-out through a bare ws broadcast server (see bare-broadcast-server.ts): the limit. */
export async function measureBareFanOut(options: {
  sockets: number;
  probes: number;
  payload: string;
}): Promise<{ p50Ms: number; p99Ms: number; deliveries: number; expected: number }> {
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [fileURLToPath(new URL('./bare-broadcast-server.js', import.meta.url)), String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await once(server.stdout!, 'data');
    const url = `ws://127.0.0.1:${port}`;
    let sentAt = 0;
    const latencies: number[] = [];
    const audience = await inChunks(options.sockets, async () => {
      const socket = new WebSocket(`${url}/audience`);
      await once(socket, 'open');
      socket.on('message', () => latencies.push(performance.now() - sentAt));
      return socket;
    });
    const control = new WebSocket(`${url}/control`);
    await once(control, 'open');
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 0; i <= options.probes; i++) {
      if (i === 1) latencies.length = 0; // the first is a warm-up
      sentAt = performance.now();
      control.send(options.payload);
      await new Promise((resolve) => setTimeout(resolve, PROBE_SPACING_MS));
    }
    const deliveries = latencies.length;
    control.close();
    for (const socket of audience) socket.close();
    return {
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      deliveries,
      expected: options.sockets * options.probes,
    };
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return JSON.stringify(error);
}
