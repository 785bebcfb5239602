import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { serialiseAppend } from '../append/serialise-append.js';
import { event, useEventStore } from '../test-support/event-store-fixture.js';
import type { RecordedEvent } from '../types.js';

const fixture = useEventStore();

const WRITERS = 8;
const ROUNDS = 12;
const APPENDS_PER_WRITER = 15;

/**
 * Writers hold their transactions open for a random while after appending, so positions (taken at insert)
 * become visible out of order; some roll back. A subscriber following the log must still see every
 * committed event exactly once, in one order that every reader agrees on.
 */
describe('a subscriber following the log while commits land late', () => {
  it('sees every committed event exactly once, none skipped, in one consistent order', async () => {
    const received: RecordedEvent[] = [];
    let outOfPositionOrder = 0;
    const subscription = fixture.store.subscribe({ pollIntervalMs: 50, batchSize: 37 });
    const following = (async () => {
      let maxPosition = 0n;
      for await (const recorded of subscription) {
        if (recorded.position < maxPosition) outOfPositionOrder++;
        if (recorded.position > maxPosition) maxPosition = recorded.position;
        received.push(recorded);
      }
    })();

    const writers = await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const client = new pg.Client({
          connectionString: fixture.database.url,
          options: '-c role=chronicle_app',
        });
        await client.connect();
        return client;
      }),
    );
    let rolledBack = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await Promise.all(
          writers.map(async (client, writer) => {
            for (let i = 0; i < APPENDS_PER_WRITER; i++) {
              // Shared streams make writers wait on each other's stream locks, not only on commits.
              const streams = [`shared-${(writer + i) % 3}`, `own-${writer}`].map((streamId) => ({
                streamId,
                events: [event('Tick', { round, writer, i }), event('Tock', { round, writer, i })],
              }));
              const { json } = serialiseAppend(
                { tenant: writer % 2 ? 'acme' : 'globex', streams },
                { maxEventBytes: 1e6 },
              );
              await appendInOpenTransaction(client, json);
              await client.query('SELECT pg_sleep($1)', [Math.random() * 0.015]);
              if (Math.random() < 0.1) {
                rolledBack++;
                await client.query('ROLLBACK');
              } else {
                await client.query('COMMIT');
              }
            }
          }),
        );
      }
      const { rows } = await fixture.admin.query<{ count: string }>('SELECT count(*) FROM chronicle.events');
      const committed = Number(rows[0]!.count);
      await waitUntil(() => received.length >= committed);
      // Give a wrongly duplicated or late event the chance to show up before we compare.
      await new Promise((resolve) => setTimeout(resolve, 300));
      subscription.close();
      await following;

      const log = await fixture.admin.query<{ position: string }>(
        'SELECT global_position::text AS position FROM chronicle.events ORDER BY transaction_id, global_position',
      );
      expect(received.map((e) => e.position.toString())).toEqual(log.rows.map((row) => row.position));
      expect(new Set(received.map((e) => e.eventId)).size).toBe(received.length);
      // Within a stream the log order is the version order.
      const versions = new Map<string, number>();
      for (const e of received) {
        const key = `${e.tenant}/${e.streamId}`;
        expect(e.streamVersion).toBe((versions.get(key) ?? 0) + 1);
        versions.set(key, e.streamVersion);
      }
      // The scenario really happened: late commits and rollbacks, which a position-only reader would get wrong.
      expect(outOfPositionOrder).toBeGreaterThan(0);
      expect(rolledBack).toBeGreaterThan(0);
    } finally {
      subscription.close();
      await Promise.all(writers.map((client) => client.end()));
    }
  });
});

/** BEGIN and append, retrying as the store's group commit does when chronicle.append() asks for it. */
async function appendInOpenTransaction(client: pg.Client, json: string): Promise<void> {
  for (;;) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT chronicle.append($1::jsonb)', [`[${json}]`]);
      return;
    } catch (error) {
      await client.query('ROLLBACK');
      if ((error as { code?: string }).code !== '40001') throw error;
    }
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
