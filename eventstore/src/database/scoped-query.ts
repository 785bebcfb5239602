import type pg from 'pg';
import { isValidTenantId } from '@chronicle/domain';
import { InvalidReadRequest } from '../errors.js';

/**
 * Who a read runs as. A tenant read sets `chronicle.tenant_id` for its transaction, so row-level security
 * returns that tenant's rows and no other, whatever the SQL says. A platform read (projectors, the
 * reconciler) runs as chronicle_platform, whose policy sees every tenant.
 */
export type ReadScope = { tenant: string } | 'platform';

export function scopeOf(tenant: string | undefined): ReadScope {
  if (tenant === undefined) return 'platform';
  if (typeof tenant !== 'string' || !isValidTenantId(tenant)) {
    throw new InvalidReadRequest(`tenant id ${JSON.stringify(tenant)} is not a valid tenant id`);
  }
  return { tenant };
}

/** Runs one read-only query inside a transaction scoped as asked. */
export async function scopedQuery<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  scope: ReadScope,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  return inScopedTransaction(
    pool,
    scope,
    'read',
    async (client) => (await client.query<Row>(text, values)).rows,
  );
}

/**
 * Runs `work` in one transaction scoped as asked, read-only unless it must write; 'snapshot' reads see one
 * snapshot across all their statements (REPEATABLE READ).
 */
export async function inScopedTransaction<T>(
  pool: pg.Pool,
  scope: ReadScope,
  access: 'read' | 'snapshot' | 'write',
  work: (client: pg.PoolClient) => Promise<T>,
  /** Server settings for this transaction only (SET LOCAL), sent with its BEGIN. */
  settings: Readonly<Record<string, string>> = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client reports a dropped connection as an 'error' event as well as by failing the query;
  // unheard, that event would crash the process.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    const begin = {
      read: 'BEGIN READ ONLY',
      snapshot: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      write: 'BEGIN',
    }[access];
    // Inlined (escaped) so that BEGIN and the settings share one round trip.
    const local = Object.entries(settings).map(
      ([name, value]) =>
        `SELECT set_config(${client.escapeLiteral(name)}, ${client.escapeLiteral(value)}, true)`,
    );
    await client.query(
      [
        begin,
        scope === 'platform'
          ? 'SET LOCAL ROLE chronicle_platform'
          : `SELECT set_config('chronicle.tenant_id', ${client.escapeLiteral(scope.tenant)}, true)`,
        ...local,
      ].join('; '),
    );
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // A failed transaction may leave the connection mid-transaction: roll back, or drop it if that fails.
    const rollbackError = broken
      ? await client.query('ROLLBACK').then(
          () => undefined,
          (error: Error) => error,
        )
      : undefined;
    client.off('error', onError);
    client.release(rollbackError);
  }
}
