import { randomUUID } from 'node:crypto';
import type { IngestPayload } from '../ingest/ingest-payloads.js';

export interface BackgroundIngest {
  /** Points accepted so far, and requests refused or failed. */
  readonly accepted: number;
  readonly failed: number;
  stop(): Promise<void>;
}

/**
 * Producers' batches at a fixed rate through the command API, for as long as it runs: the load the live
 * path is measured under. Requests go out on a schedule, whether or not earlier ones have answered.
 */
export function startBackgroundIngest(options: {
  apiUrl: string;
  tokens: readonly string[];
  payloads: readonly IngestPayload[];
  pointsPerRequest: number;
  pointsPerSecond: number;
}): BackgroundIngest {
  const { apiUrl, tokens, payloads, pointsPerRequest, pointsPerSecond } = options;
  const requestsPerSecond = pointsPerSecond / pointsPerRequest;
  const state = { accepted: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const started = performance.now();
  const send = () => {
    const payload = payloads[sent % payloads.length]!;
    const token = tokens[sent % tokens.length]!;
    sent++;
    const request = fetch(`${apiUrl}/api/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `background-${randomUUID()}`,
      },
      body: payload.body,
    })
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.status === 202) state.accepted += pointsPerRequest;
        else state.failed++;
      })
      .catch(() => {
        state.failed++;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * requestsPerSecond);
    while (sent < due) send();
  }, 5);
  return {
    get accepted() {
      return state.accepted;
    },
    get failed() {
      return state.failed;
    },
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}
