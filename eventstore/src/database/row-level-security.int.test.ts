import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, event, useEventStore } from '../test-support/event-store-fixture.js';

const fixture = useEventStore();

/** The second wall: whatever SQL a service runs, its transaction sees only the tenant it names. */
describe('row-level security', () => {
  let app: pg.Client;

  beforeAll(async () => {
    for (const tenant of ['tenant-a', 'tenant-b']) {
      await fixture.store.append({
        tenant,
        idempotencyKey: `seed-${tenant}`,
        streams: [{ streamId: 'shared-name', events: [event('Seeded', { tenant })] }],
      });
    }
    // What a service connection is: a login that acts as chronicle_app.
    app = new pg.Client({ connectionString: fixture.database.url, options: '-c role=chronicle_app' });
    await app.connect();
  });
  afterAll(() => app.end());

  async function asTenant<T extends pg.QueryResultRow>(tenant: string | null, sql: string): Promise<T[]> {
    await app.query('BEGIN');
    try {
      if (tenant) await app.query(`SELECT set_config('chronicle.tenant_id', $1, true)`, [tenant]);
      return (await app.query<T>(sql)).rows;
    } finally {
      await app.query('ROLLBACK');
    }
  }

  it("a connection scoped to tenant A reads none of tenant B's rows, even with hand-written SQL", async () => {
    for (const table of ['chronicle.events', 'chronicle.streams', 'chronicle.idempotency_keys']) {
      const rows = await asTenant<{ tenant_id: string }>('tenant-a', `SELECT tenant_id FROM ${table}`);
      expect(rows.length, table).toBeGreaterThan(0);
      expect(new Set(rows.map((row) => row.tenant_id)), table).toEqual(new Set(['tenant-a']));
      const other = await asTenant('tenant-a', `SELECT * FROM ${table} WHERE tenant_id = 'tenant-b' OR true`);
      expect(
        other.every((row) => row.tenant_id === 'tenant-a'),
        table,
      ).toBe(true);
    }
  });

  it('a connection that names no tenant reads nothing', async () => {
    expect(await asTenant(null, 'SELECT * FROM chronicle.events')).toEqual([]);
  });

  it('the services role cannot insert, update or delete events directly: append-only by privilege', async () => {
    for (const sql of [
      `UPDATE chronicle.events SET data = '{}'`,
      `DELETE FROM chronicle.events`,
      `INSERT INTO chronicle.events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version,
         data, metadata, recorded_at, transaction_id, hash)
       VALUES ('tenant-a', 's', 99, gen_random_uuid(), 'X', 1, '{}', '{}', now(), pg_current_xact_id(), '')`,
      `UPDATE chronicle.streams SET version = 0`,
    ]) {
      await expect(asTenant('tenant-a', sql), sql).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('the store reads through the same wall: a tenant read never returns another tenant', async () => {
    const a = await collect(fixture.store.readAll({ tenant: 'tenant-a' }));
    expect(a.map((e) => e.tenant)).toEqual(['tenant-a']);
    const stream = await collect(fixture.store.readStream('tenant-b', 'shared-name'));
    expect(stream.map((e) => e.data)).toEqual([{ tenant: 'tenant-b' }]);
  });

  it('platform reads (projectors) see every tenant', async () => {
    const all = await collect(fixture.store.readAll());
    expect(new Set(all.map((e) => e.tenant))).toEqual(new Set(['tenant-a', 'tenant-b']));
  });
});
