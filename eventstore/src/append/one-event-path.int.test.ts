import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { event, useEventStore } from '../test-support/event-store-fixture.js';
import { appendBatch as appendOn } from '../test-support/append-batch.js';
import type { AppendRequest } from '../types.js';

const fixture = useEventStore();
const TENANT = 'one-event';

let app: pg.Pool;
beforeAll(() => {
  app = new pg.Pool({ connectionString: fixture.database.url, options: '-c role=chronicle_app', max: 4 });
});
afterAll(() => app.end());

const appendBatch = (requests: AppendRequest[], client: pg.Pool | pg.PoolClient = app) =>
  appendOn(client, requests);

const single = (
  streamId: string,
  expectedVersion: AppendRequest['streams'][number]['expectedVersion'],
  more: Partial<AppendRequest> = {},
): AppendRequest => ({
  tenant: TENANT,
  ...more,
  streams: [{ streamId, expectedVersion, events: [event('Step', { streamId })] }],
});

// A batch whose streams are all distinct writes its one-event requests on the heads its lock statement
// holds; these tests pin that path to the same outcomes as the general one.
describe('one-event requests of a batch of distinct streams', () => {
  it('checks each expectation, writes heads and chains, and keeps failures to themselves', async () => {
    await appendBatch([single('existing', 'no_stream'), single('keyed-before', 'any')]);
    const requests: AppendRequest[] = [
      single('existing', 1), // ok: v2 on a held head
      single('stale', 'exists'), // conflict: a new stream expected to exist
      single('fresh', 'no_stream'), // ok: a new stream
      single('keyed', 'any', { idempotencyKey: 'k-one' }), // ok, its result remembered
      single('wrong', 7), // conflict: a new stream expected at 7
      { tenant: TENANT, streams: [{ streamId: 'multi', events: [event('A'), event('B')] }] }, // general path
      single('keyed-before', 5, { idempotencyKey: 'k-conflict' }), // conflict: its key must not remain
    ];
    const outcomes = await appendBatch(requests);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'ok',
      'conflict',
      'ok',
      'ok',
      'conflict',
      'ok',
      'conflict',
    ]);
    expect(outcomes[1]).toEqual({ status: 'conflict', stream: 'stale', expected: 'exists', actual: 0 });
    expect(outcomes[4]).toEqual({ status: 'conflict', stream: 'wrong', expected: 7, actual: 0 });
    expect(outcomes[6]).toEqual({ status: 'conflict', stream: 'keyed-before', expected: 5, actual: 1 });
    const written = outcomes.flatMap((outcome) =>
      outcome.status === 'ok' ? outcome.streams.map((s) => `${s.id}@${s.version}`) : [],
    );
    expect(written).toEqual(['existing@2', 'fresh@1', 'keyed@1', 'multi@2']);

    // The key came back with the result it was stored with; the conflicting request's key is gone.
    const [again] = await appendBatch([single('keyed', 'any', { idempotencyKey: 'k-one' })]);
    expect(again).toEqual({ status: 'duplicate', result: outcomes[3] });
    const { rows: keys } = await fixture.admin.query(
      `SELECT idempotency_key FROM chronicle.idempotency_keys WHERE tenant_id = $1 ORDER BY 1`,
      [TENANT],
    );
    expect(keys.map((row) => row.idempotency_key)).toEqual(['k-one']);
    const { rows: heads } = await fixture.admin.query(
      `SELECT stream_id, version::int FROM chronicle.streams WHERE tenant_id = $1 ORDER BY 1`,
      [TENANT],
    );
    expect(heads).toEqual([
      { stream_id: 'existing', version: 2 },
      { stream_id: 'fresh', version: 1 },
      { stream_id: 'keyed', version: 1 },
      { stream_id: 'keyed-before', version: 1 },
      { stream_id: 'multi', version: 2 },
    ]);
    expect(await fixture.store.verifyTenant(TENANT)).toMatchObject({ streams: 5, events: 7, broken: [] });
  });

  it('waits for a concurrent creator of the same new stream and appends after its event', async () => {
    const creator = await app.connect();
    try {
      await creator.query('BEGIN');
      const [created] = await appendBatch([single('raced', 'no_stream')], creator);
      expect(created).toMatchObject({ status: 'ok', streams: [{ id: 'raced', version: 1 }] });
      // A second transaction finds no head to lock and blocks on the uncommitted one...
      const follower = appendBatch([single('raced', 'any'), single('raced-side', 'any')]);
      await vi.waitFor(
        async () => {
          const { rows } = await fixture.admin.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND query LIKE '%chronicle.append%'`,
          );
          expect(rows[0].n).toBe(1);
        },
        { timeout: 10_000 },
      );
      await creator.query('COMMIT');
      // ... and, once it commits, appends on top of it instead of failing on its head or event.
      const outcomes = await follower;
      expect(outcomes.map((outcome) => outcome.status === 'ok' && outcome.streams[0])).toMatchObject([
        { id: 'raced', version: 2 },
        { id: 'raced-side', version: 1 },
      ]);
    } finally {
      creator.release();
    }
    expect(await fixture.store.verifyStream(TENANT, 'raced')).toEqual({ intact: true, version: 2 });
  });
});
