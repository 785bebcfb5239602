import autocannon from 'autocannon';
import type { IngestPayload } from './ingest-payloads.js';

export interface LoadResult {
  requestsPerSecond: number;
  pointsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  accepted: number;
  /** Responses other than 202, and connection errors: a valid run has none. */
  failed: number;
  statusCodes: Record<string, number>;
}

export interface HttpLoad {
  apiUrl: string;
  tokens: readonly string[];
  payloads: readonly IngestPayload[];
  pointsPerRequest: number;
  connections: number;
  seconds: number;
  /** Fixed total request rate; absent: as fast as the API answers. */
  overallRate?: number;
}

/**
 * POST /api/messages through autocannon: each connection is one producer with its own token, and each
 * request carries a fresh Idempotency-Key, as a producer's batches do.
 */
export async function runHttpLoad(load: HttpLoad): Promise<LoadResult> {
  let connection = 0;
  let sequence = 0;
  const result = await autocannon({
    url: `${load.apiUrl}/api/messages`,
    connections: load.connections,
    duration: load.seconds,
    ...(load.overallRate ? { overallRate: load.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context: { token?: string }) => {
          context.token ??= load.tokens[connection++ % load.tokens.length]!;
          const payload = load.payloads[sequence % load.payloads.length]!;
          sequence++;
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${context.token}`,
              'idempotency-key': `bench-${process.pid}-${sequence}`,
            },
            body: payload.body,
          };
        },
      },
    ],
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count ?? 0]),
  );
  const accepted = statusCodes['202'] ?? 0;
  const failed = result.errors + result.non2xx + (result['2xx'] - accepted);
  return {
    requestsPerSecond: accepted / result.duration,
    pointsPerSecond: (accepted * load.pointsPerRequest) / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    accepted,
    failed,
    statusCodes,
  };
}
