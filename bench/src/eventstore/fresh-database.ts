import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '@chronicle/devstack';

/** An empty database of one workload's own, so that no workload runs on another's tables or bloat. */
export interface FreshDatabase {
  readonly name: string;
  /** The server's admin user on this database. */
  readonly url: string;
  /** Runs one statement as the admin user on this database. */
  query<Row extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

export async function createFreshDatabase(serverUrl: string, label: string): Promise<FreshDatabase> {
  const name = `bench_${label}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  return {
    name,
    url,
    query: (sql, values) => adminQuery(url, sql, values),
    drop: async () => {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** One statement on a connection of its own. */
export async function adminQuery<Row extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'chronicle-bench' });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** What the database did during a workload: commits and WAL, read from the server's own counters. */
export interface ServerCounters {
  commits: number;
  walBytes: number;
}

export async function readCounters(database: FreshDatabase): Promise<ServerCounters> {
  const [row] = await database.query<{ commits: string; wal: string }>(
    `SELECT xact_commit::text AS commits, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS wal
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return { commits: Number(row?.commits ?? 0), walBytes: Number(row?.wal ?? 0) };
}

/** Backends report their commit counts when idle or on exit: give closed connections a moment to report. */
export async function settleCounters(database: FreshDatabase): Promise<ServerCounters> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  return readCounters(database);
}

/**
 * Starts every workload from the same WAL state: without it, a checkpoint half-way through one workload
 * (and the full-page writes after it) would tax that workload only. Needs a superuser or pg_checkpoint.
 */
export async function checkpoint(serverUrl: string): Promise<void> {
  await adminQuery(serverUrl, 'CHECKPOINT').catch(() => {});
}
