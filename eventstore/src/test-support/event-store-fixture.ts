import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@chronicle/devstack/testing';
import type { EventEnvelope } from '@chronicle/domain';
import { createEventStore, type EventStore, type EventStoreOptions } from '../event-store.js';

export interface EventStoreFixture {
  /** The store, as services use it (role chronicle_app). */
  readonly store: EventStore;
  /** A superuser connection to the same database, for what only a test (or an attacker) would do. */
  readonly admin: pg.Pool;
  readonly database: TestDatabase;
  openStore(options?: Partial<EventStoreOptions>): EventStore;
}

/** A migrated database of this file's own, a store on it, and cleanup. */
export function useEventStore(options: Partial<EventStoreOptions> = {}): EventStoreFixture {
  const stores: EventStore[] = [];
  const fixture = {} as { -readonly [K in keyof EventStoreFixture]: EventStoreFixture[K] };
  beforeAll(async () => {
    fixture.database = await createTestDatabase();
    fixture.admin = new pg.Pool({ connectionString: fixture.database.url, max: 4 });
    fixture.openStore = (more = {}) => {
      const store = createEventStore({ connectionString: fixture.database.url, ...options, ...more });
      stores.push(store);
      return store;
    };
    fixture.store = fixture.openStore();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await fixture.admin?.end();
    await fixture.database?.drop();
  });
  return fixture;
}

export function event(type: string, data: unknown = {}, schemaVersion = 1): EventEnvelope {
  return { type, schemaVersion, data, metadata: {} };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
