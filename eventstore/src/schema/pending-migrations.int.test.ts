import { describe, expect, it } from 'vitest';
import { useEventStore } from '../test-support/event-store-fixture.js';

const fixture = useEventStore();

describe('pendingMigrations', () => {
  it('is empty on a migrated database and names a migration the ledger lacks', async () => {
    expect(await fixture.store.pendingMigrations()).toEqual([]);
    await fixture.admin.query(`DELETE FROM chronicle_migrations.migrations WHERE name = '0002_checkpoints'`);
    // Read as the services' role (chronicle_app), as a readiness probe would.
    expect(await fixture.store.pendingMigrations()).toEqual(['0002_checkpoints']);
  });

  it('fails when the database is unreachable', async () => {
    const store = fixture.openStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    await expect(store.pendingMigrations()).rejects.toThrow();
  });
});
