import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPostgres, withDatabase, type LocalPostgres } from '@chronicle/devstack';
import { createEventStore, type EventStore } from '../event-store.js';
import { migrate } from '../schema/migrate.js';
import { event } from '../test-support/event-store-fixture.js';
import type { RecordedEvent } from '../types.js';

const APPENDS = 300;

/** A server of this test's own, since it gets restarted under the subscriber's feet. */
describe('a subscriber across a PostgreSQL restart', () => {
  let server: LocalPostgres;
  let store: EventStore;
  const backgroundErrors: Error[] = [];

  beforeAll(async () => {
    server = await startLocalPostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE chronicle').finally(() => admin.end());
    const url = withDatabase(server.url, 'chronicle');
    await migrate(url);
    store = createEventStore({
      connectionString: url,
      onBackgroundError: (error) => backgroundErrors.push(error),
    });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('misses nothing and sees nothing twice', async () => {
    const received: RecordedEvent[] = [];
    const readErrors: unknown[] = [];
    const subscription = store.subscribe({ pollIntervalMs: 200, onError: (error) => readErrors.push(error) });
    const following = (async () => {
      for await (const recorded of subscription) received.push(recorded);
    })();

    let restarted: Promise<void> | undefined;
    for (let i = 0; i < APPENDS; i++) {
      if (i === APPENDS / 3) restarted = server.restart();
      // A producer's loop: retry until it sticks; the idempotency key makes a retry after an unknown outcome safe.
      for (;;) {
        try {
          await store.append({
            tenant: 'acme',
            idempotencyKey: `point-${i}`,
            streams: [{ streamId: 'meter', events: [event('Point', { i })] }],
          });
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }
    await restarted;
    const deadline = Date.now() + 30_000;
    while (received.length < APPENDS && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    subscription.close();
    await following;

    expect(received.map((e) => (e.data as { i: number }).i)).toEqual(
      Array.from({ length: APPENDS }, (_, i) => i),
    );
    // The restart really cut the subscriber off.
    expect(readErrors.length + backgroundErrors.length).toBeGreaterThan(0);
  });
});
