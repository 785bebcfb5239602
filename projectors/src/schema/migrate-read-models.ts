import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

/** The read models' own migrations (schema, roles, projection status); a ledger apart from the event store's. */
export const READ_MODEL_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Applies pending read-model migrations; run it as the schema owner, after the event store's migrate(). */
export async function migrateReadModels(databaseUrl: string): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: READ_MODEL_MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'read_model_migrations',
    migrationsSchema: 'chronicle_migrations',
    createMigrationsSchema: true,
    checkOrder: true,
    log: () => {},
    logger: undefined,
    verbose: false,
  });
  return applied.map((migration) => migration.name);
}
