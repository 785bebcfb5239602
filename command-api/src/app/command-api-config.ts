import { DEFAULT_MEASUREMENT_LIMITS, type MeasurementLimits } from '@chronicle/domain';
import type { TokenBucketLimits } from '@chronicle/identity';

export interface CommandApiConfig {
  host: string;
  port: number;
  databaseUrl: string;
  /** Keycloak's base URL as token issuers show it. */
  keycloakUrl: string;
  /** Keycloak over plain http: allowed by default only on loopback (local runs and tests). */
  allowHttpKeycloak: boolean;
  /** Largest request body; larger ones are refused with 413 before they are read in full. */
  bodyLimitBytes: number;
  /** Most points one POST /api/messages may carry (413 beyond). */
  maxPointsPerRequest: number;
  rateLimit: TokenBucketLimits;
  measurementLimits: MeasurementLimits;
  /** How long a source's state is trusted for ingest before it is read again. */
  sourceCacheTtlMs: number;
  /**
   * How long a secret rotation request waits for the reconciler to issue the sealed secret before it
   * answers 202 (pending, fetch it later).
   */
  secretRotationWaitMs: number;
  logLevel: string;
}

/** The configuration from environment variables (the README's table), with errors that name the variable. */
export function commandApiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CommandApiConfig {
  const keycloakUrl = required(env, 'KEYCLOAK_URL').replace(/\/+$/, '');
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(new URL(keycloakUrl).hostname);
  return {
    host: env.COMMAND_API_HOST ?? '127.0.0.1',
    port: integer(env, 'COMMAND_API_PORT', 4000, 0),
    databaseUrl: required(env, 'DATABASE_URL'),
    keycloakUrl,
    allowHttpKeycloak: env.KEYCLOAK_ALLOW_HTTP === undefined ? loopback : env.KEYCLOAK_ALLOW_HTTP === 'true',
    bodyLimitBytes: integer(env, 'COMMAND_API_BODY_LIMIT_BYTES', 1024 * 1024, 1024),
    maxPointsPerRequest: integer(env, 'COMMAND_API_MAX_POINTS_PER_REQUEST', 10_000, 1),
    rateLimit: {
      capacity: integer(env, 'COMMAND_API_RATE_LIMIT_BURST', 2_000, 1),
      refillPerSecond: integer(env, 'COMMAND_API_RATE_LIMIT_PER_SECOND', 1_000, 1),
    },
    measurementLimits: DEFAULT_MEASUREMENT_LIMITS,
    sourceCacheTtlMs: integer(env, 'COMMAND_API_SOURCE_CACHE_TTL_MS', 5_000, 0),
    secretRotationWaitMs: integer(env, 'COMMAND_API_SECRET_ROTATION_WAIT_MS', 5_000, 0),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
