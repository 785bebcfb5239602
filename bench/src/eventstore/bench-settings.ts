/** What a run does, from environment variables (see bench/README.md). */
export interface BenchSettings {
  warmupMs: number;
  measureMs: number;
  /** Times each write workload is measured per system; the report takes the median. */
  rounds: number;
  /** Streams each writer owns and appends to round-robin. */
  streamsPerWriter: number;
  /** Writer counts of the write workloads. */
  writerCounts: number[];
  /** Events per append (rows per INSERT for the limit). */
  batchSizes: number[];
  /** Events written before the readAll replay is timed. */
  readEvents: number;
  readBatchSize: number;
  /** Tenants the replayed log is spread over; the one-tenant read reads one of them. */
  readTenants: number;
  /** Which parts run: ours, emmett, limit, read. */
  parts: Set<Part>;
  /** Options passed to our store; empty means the store's defaults. */
  ours: OurStoreOptions;
}

export type Part = 'ours' | 'emmett' | 'limit' | 'read';

export interface OurStoreOptions {
  poolSize?: number;
  maxAppendsInFlight?: number;
  maxEventsPerCommit?: number;
  minEventsPerShare?: number;
}

const PARTS: readonly Part[] = ['ours', 'emmett', 'limit', 'read'];

export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const parts = list(env.BENCH_ONLY, PARTS.join(',')).map((part) => {
    if (!(PARTS as readonly string[]).includes(part)) throw new Error(`BENCH_ONLY: unknown part '${part}'`);
    return part as Part;
  });
  const ours: OurStoreOptions = {};
  const poolSize = optionalInteger(env, 'BENCH_POOL_SIZE');
  const maxAppendsInFlight = optionalInteger(env, 'BENCH_MAX_APPENDS_IN_FLIGHT');
  const maxEventsPerCommit = optionalInteger(env, 'BENCH_MAX_EVENTS_PER_COMMIT');
  const minEventsPerShare = optionalInteger(env, 'BENCH_MIN_EVENTS_PER_SHARE');
  if (poolSize !== undefined) ours.poolSize = poolSize;
  if (maxAppendsInFlight !== undefined) ours.maxAppendsInFlight = maxAppendsInFlight;
  if (maxEventsPerCommit !== undefined) ours.maxEventsPerCommit = maxEventsPerCommit;
  if (minEventsPerShare !== undefined) ours.minEventsPerShare = minEventsPerShare;
  return {
    warmupMs: seconds(env, 'BENCH_WARMUP_SECONDS', 1),
    measureMs: seconds(env, 'BENCH_SECONDS', 6),
    rounds: optionalInteger(env, 'BENCH_ROUNDS') ?? 3,
    streamsPerWriter: optionalInteger(env, 'BENCH_STREAMS_PER_WRITER') ?? 1000,
    writerCounts: list(env.BENCH_WRITERS, '1,8').map(toPositiveInteger('BENCH_WRITERS')),
    batchSizes: list(env.BENCH_BATCH_SIZES, '1,100').map(toPositiveInteger('BENCH_BATCH_SIZES')),
    readEvents: optionalInteger(env, 'BENCH_READ_EVENTS') ?? 250_000,
    readBatchSize: optionalInteger(env, 'BENCH_READ_BATCH_SIZE') ?? 5000,
    readTenants: optionalInteger(env, 'BENCH_READ_TENANTS') ?? 4,
    parts: new Set(parts),
    ours,
  };
}

function list(value: string | undefined, fallback: string): string[] {
  return (value?.trim() || fallback)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function toPositiveInteger(name: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`${name}: '${text}' is not a positive integer`);
    return value;
  };
}

function optionalInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name]?.trim();
  return text ? toPositiveInteger(name)(text) : undefined;
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback * 1000;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}: '${text}' is not a number of seconds`);
  return value * 1000;
}
