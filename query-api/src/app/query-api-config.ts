import type { SessionClock } from '../auth/session-clock.js';
import type { QueryLimits } from '../protection/query-limits.js';
import type { TokenBucketLimits } from '@chronicle/identity';

export interface QueryApiConfig {
  host: string;
  port: number;
  databaseUrl: string;
  /** Keycloak's base URL as token issuers show it. */
  keycloakUrl: string;
  /** Keycloak over plain http: allowed by default only on loopback (local runs and tests). */
  allowHttpKeycloak: boolean;
  /** NODE_ENV=production: no introspection, no schema hints in errors. */
  production: boolean;
  /** Largest HTTP body and WebSocket message; larger ones are refused (413, or close 1009) unread. */
  bodyLimitBytes: number;
  /** Per caller (tenant and subject), over HTTP and WebSocket operations together (429 beyond). */
  rateLimit: TokenBucketLimits;
  limits: QueryLimits;
  /** Points a subscriber may have waiting; beyond, they are dropped and its next message says `gap`. */
  subscriberBufferPoints: number;
  /** Browser origins allowed to call over HTTP (the dashboard's). */
  corsOrigins: readonly string[];
  logLevel: string;
  /** Tests only: the clock that ends sockets whose token expired. */
  clock?: SessionClock;
}

/** The configuration from environment variables (the README's table), with errors that name the variable. */
export function queryApiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): QueryApiConfig {
  const keycloakUrl = required(env, 'KEYCLOAK_URL').replace(/\/+$/, '');
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(new URL(keycloakUrl).hostname);
  return {
    host: env.QUERY_API_HOST ?? '127.0.0.1',
    port: integer(env, 'QUERY_API_PORT', 4001, 0),
    databaseUrl: required(env, 'DATABASE_URL'),
    keycloakUrl,
    allowHttpKeycloak: env.KEYCLOAK_ALLOW_HTTP === undefined ? loopback : env.KEYCLOAK_ALLOW_HTTP === 'true',
    production: env.NODE_ENV === 'production',
    bodyLimitBytes: integer(env, 'QUERY_API_BODY_LIMIT_BYTES', 256 * 1024, 1024),
    rateLimit: {
      capacity: integer(env, 'QUERY_API_RATE_LIMIT_BURST', 200, 1),
      refillPerSecond: integer(env, 'QUERY_API_RATE_LIMIT_PER_SECOND', 100, 1),
    },
    limits: {
      maxDepth: integer(env, 'QUERY_API_MAX_DEPTH', 10, 1),
      maxAliases: integer(env, 'QUERY_API_MAX_ALIASES', 15, 0),
      maxCost: integer(env, 'QUERY_API_MAX_COST', 50_000, 1),
      maxTokens: 10_000,
      maxDirectives: 20,
    },
    subscriberBufferPoints: integer(env, 'QUERY_API_SUBSCRIBER_BUFFER_POINTS', 10_000, 1),
    corsOrigins: (env.CHRONICLE_UI_ORIGIN ?? 'http://localhost:5173')
      .split(',')
      .map((origin) => origin.trim()),
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
