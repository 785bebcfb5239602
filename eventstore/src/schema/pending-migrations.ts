import { readdir } from 'node:fs/promises';
import type pg from 'pg';
import { MIGRATIONS_DIR } from './migrate.js';

/**
 * The migrations this code ships that the database has not applied: empty when the schema is current.
 * Fails when the database is unreachable, so one call answers both questions a readiness probe asks.
 */
export async function pendingMigrations(pool: pg.Pool): Promise<string[]> {
  const shipped = (await readdir(MIGRATIONS_DIR))
    .filter((file) => file.endsWith('.sql'))
    .map((file) => file.slice(0, -'.sql'.length))
    .sort();
  const { rows } = await pool.query<{ name: string }>('SELECT name FROM chronicle_migrations.migrations');
  const applied = new Set(rows.map((row) => row.name));
  return shipped.filter((name) => !applied.has(name));
}
