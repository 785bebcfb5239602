import { randomUUID } from 'node:crypto';

/**
 * Sources of the bench, registered through the command API as a tenant admin does it (one POST each, an
 * Idempotency-Key on every POST), owned by the user whose dashboard is watched.
 */
export async function registerBenchSources(
  commandApiUrl: string,
  adminToken: string,
  ownerSubject: string,
  count: number,
): Promise<{ id: string; name: string }[]> {
  const sources = Array.from({ length: count }, (_, index) => {
    const number = String(index).padStart(2, '0');
    return { id: `bench-ui-${number}`, name: `Bench meter ${number}` };
  });
  for (const source of sources) {
    const response = await fetch(`${commandApiUrl}/api/sources`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adminToken}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ sourceId: source.id, name: source.name, ownerSubject, unit: 'W' }),
    });
    if (response.status !== 201)
      throw new Error(`registering ${source.id}: HTTP ${response.status} ${await response.text()}`);
  }
  return sources;
}

export interface PointWriter {
  /** Points the API accepted, and requests it refused or that failed. */
  readonly accepted: number;
  readonly failed: number;
  stop(): Promise<void>;
}

/**
 * Writes `pointsPerSecond` points to each source, as a producer streaming live does: every
 * 1/pointsPerSecond s one POST /api/messages with a point (now) for every source, each with a fresh
 * Idempotency-Key. Ticks are scheduled from the start, so a slow request does not slow the rate.
 */
export function startPointWriter(options: {
  commandApiUrl: string;
  token: string;
  sourceIds: readonly string[];
  pointsPerSecond: number;
}): PointWriter {
  const intervalMs = 1000 / options.pointsPerSecond;
  const inFlight = new Set<Promise<void>>();
  let accepted = 0;
  let failed = 0;
  let running = true;
  const started = performance.now();
  let tick = 0;

  const send = async () => {
    const t = Date.now();
    const body = {
      batches: options.sourceIds.map((sourceId, index) => ({
        sourceId,
        points: [{ t, v: Math.round((500 + 400 * Math.sin(t / 20_000 + index)) * 10) / 10 }],
      })),
    };
    try {
      const response = await fetch(`${options.commandApiUrl}/api/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify(body),
      });
      if (response.status === 202) accepted += ((await response.json()) as { accepted: number }).accepted;
      else {
        failed += 1;
        await response.body?.cancel();
      }
    } catch {
      failed += 1;
    }
  };
  const loop = async () => {
    while (running) {
      const sent = send().finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      tick += 1;
      const wait = started + tick * intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  const looping = loop();

  return {
    get accepted() {
      return accepted;
    },
    get failed() {
      return failed;
    },
    async stop() {
      running = false;
      await looping;
      await Promise.all(inFlight);
    },
  };
}
