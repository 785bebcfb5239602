import { performance } from 'node:perf_hooks';
import { measurementsStreamId } from '@chronicle/domain';
import type { EventStore } from '@chronicle/eventstore';
import type { IngestPayload } from './ingest-payloads.js';
import type { LoadResult } from './http-load.js';

/**
 * The limit for the HTTP path: the same events appended straight to the event store, by as many
 * concurrent writers as there are producers, each append with an idempotency key as the API's are.
 */
export async function runDirectAppends(options: {
  store: EventStore;
  tenantId: string;
  payloads: readonly IngestPayload[];
  pointsPerRequest: number;
  writers: number;
  seconds: number;
}): Promise<LoadResult> {
  const { store, tenantId, payloads, writers } = options;
  const latencies: number[] = [];
  let sequence = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < deadline) {
        const payload = payloads[sequence % payloads.length]!;
        const key = `direct-${process.pid}-${sequence++}`;
        const begun = performance.now();
        try {
          await store.append({
            tenant: tenantId,
            idempotencyKey: key,
            idempotencyFingerprint: key,
            streams: [{ streamId: measurementsStreamId(payload.sourceId), events: [payload.event] }],
          });
          latencies.push(performance.now() - begun);
        } catch {
          failed++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return {
    requestsPerSecond: latencies.length / seconds,
    pointsPerSecond: (latencies.length * options.pointsPerRequest) / seconds,
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
    accepted: latencies.length,
    failed,
    statusCodes: {},
  };
}
