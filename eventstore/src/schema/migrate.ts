import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

/** The event store's migrations: numbered, forward-only SQL files, never edited once landed. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Applies pending migrations, each in its own transaction with its ledger row, under an advisory lock so
 * concurrent deployments apply each once. Run it as the role that owns the schema, not the services' role.
 */
export async function migrate(
  databaseUrl: string,
  log: (message: string) => void = () => {},
): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'migrations',
    migrationsSchema: 'chronicle_migrations',
    createMigrationsSchema: true,
    checkOrder: true,
    log,
    logger: undefined,
    verbose: false,
  });
  return applied.map((migration) => migration.name);
}
