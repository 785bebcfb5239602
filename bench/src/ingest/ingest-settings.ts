/** What an ingest run does, from environment variables (see bench/README.md). */
export interface IngestSettings {
  /** Concurrent producers: HTTP connections, each with its own client's token; as many direct writers. */
  producers: number;
  pointsPerRequest: number;
  sources: number;
  warmupSeconds: number;
  measureSeconds: number;
}

export function readIngestSettings(env: NodeJS.ProcessEnv = process.env): IngestSettings {
  return {
    producers: positive(env, 'BENCH_INGEST_PRODUCERS', 16),
    pointsPerRequest: positive(env, 'BENCH_INGEST_POINTS', 500),
    sources: positive(env, 'BENCH_INGEST_SOURCES', 64),
    warmupSeconds: positive(env, 'BENCH_INGEST_WARMUP_SECONDS', 2),
    measureSeconds: positive(env, 'BENCH_INGEST_SECONDS', 10),
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}
