import pg from 'pg';
import { inScopedTransaction, scopeOf } from '@chronicle/eventstore';

/**
 * The read models as the query API reads them: as chronicle_app, which row-level security holds to the
 * tenant its transaction names (`chronicle.tenant_id`), so a query that forgot its tenant filter would
 * still see one tenant only; every query filters by tenant as well. Cross-tenant reads (ops) run as
 * chronicle_platform.
 */
export interface ReadModels {
  /** `work` in one read-only transaction scoped to `tenant`. */
  inTenant<T>(tenant: string, work: (client: pg.ClientBase) => Promise<T>): Promise<T>;
  /**
   * `work` in one transaction as chronicle_platform (every tenant), read-only unless `write`: ops'
   * requests (a rebuild) go through the read models' SECURITY DEFINER functions, since the role itself
   * may write no table.
   */
  asPlatform<T>(work: (client: pg.ClientBase) => Promise<T>, access?: 'read' | 'write'): Promise<T>;
  /** Whether the database answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ReadModelOptions {
  connectionString: string;
  poolSize?: number;
  /** Longest a statement may run; a runaway read is cancelled rather than holding a connection. */
  statementTimeoutMs?: number;
  onBackgroundError?: (error: Error) => void;
}

export function openReadModels(options: ReadModelOptions): ReadModels {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    // The login role must be a member of chronicle_app (and chronicle_platform for ops); acting as a
    // non-owner role is what makes row-level security apply.
    options: `-c role=chronicle_app -c statement_timeout=${options.statementTimeoutMs ?? 10_000}`,
    application_name: 'chronicle-query-api',
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', options.onBackgroundError ?? (() => {}));
  return {
    inTenant: (tenant, work) => inScopedTransaction(pool, scopeOf(tenant), 'read', work),
    asPlatform: (work, access = 'read') => inScopedTransaction(pool, 'platform', access, work),
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
