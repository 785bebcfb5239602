export interface LiveSettings {
  /** Background ingest through the command API while latency is measured. */
  backgroundPointsPerSecond: number;
  /** Probe points (one a request) written while a subscriber waits for each. */
  probeIntervalMs: number;
  latencySeconds: number;
  /** Concurrent subscriptions in the fan-out run, and sockets they are spread over. */
  subscribers: number;
  subscriptionsPerSocket: number;
  fanOutProbes: number;
}

const integer = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
};

export function readLiveSettings(): LiveSettings {
  return {
    backgroundPointsPerSecond: integer('BENCH_LIVE_BACKGROUND_POINTS', 10_000),
    probeIntervalMs: integer('BENCH_LIVE_PROBE_INTERVAL_MS', 50),
    latencySeconds: integer('BENCH_LIVE_SECONDS', 15),
    subscribers: integer('BENCH_LIVE_SUBSCRIBERS', 10_000),
    subscriptionsPerSocket: integer('BENCH_LIVE_SUBSCRIPTIONS_PER_SOCKET', 1),
    fanOutProbes: integer('BENCH_LIVE_FANOUT_PROBES', 20),
  };
}
