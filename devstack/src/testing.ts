import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from './postgres/database-server.js';
import './postgres/provided-context.js';

export interface TestDatabase {
  /** URL of the server's admin user on this database: migrations, hand-written SQL in tests. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file, cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('chronicleServerUrl');
  const template = inject('chronicleTemplateDatabase');
  const name = `chronicle_test_${randomBytes(6).toString('hex')}`;
  // Test files start in parallel, and a template can be copied by one CREATE DATABASE at a time (55006).
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: async () => {
      // A pool's end() resolves before its clients' sockets are closed; terminating one of those (FORCE)
      // would reach a client nobody listens to any more, as an uncaught error. Give them a moment first.
      for (const deadline = Date.now() + 2_000; Date.now() < deadline;) {
        const [row] = await adminRows<{ n: number }>(
          serverUrl,
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        if (row?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  await adminRows(url, sql);
}

async function adminRows<Row extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** The run's shared Keycloak (see the global setup): its URL and admin login. */
export function testKeycloak(): { url: string; username: string; password: string } {
  const { url, adminUsername, adminPassword } = inject('chronicleKeycloak');
  return { url, username: adminUsername, password: adminPassword };
}
