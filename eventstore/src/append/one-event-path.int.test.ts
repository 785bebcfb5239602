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

// A one-event request is written by one statement that locks, checks and advances its head; these tests
// pin that path to the same outcomes as the general one.
describe('one-event requests', () => {
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
      await untilWaitingOnLocks(1);
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

  it('wait for a concurrent writer of their head, then chain on its event or report the conflict', async () => {
    await appendBatch([single('held', 'no_stream')]);
    await holding(
      async (holder) => {
        const [held] = await appendBatch([single('held', 1)], holder);
        expect(held).toMatchObject({ status: 'ok', streams: [{ id: 'held', version: 2 }] });
      },
      // Both found the head at version 1 and wait for the holder's lock.
      () => [appendBatch([single('held', 'any')]), appendBatch([single('held', 1)])],
      async ([first, second]) => {
        const [followed, refused] = [first![0], second![0]];
        expect(followed).toMatchObject({ status: 'ok', streams: [{ id: 'held', version: 3 }] });
        // Behind the holder's event, and behind the follower's too if that went first.
        expect(refused).toMatchObject({ status: 'conflict', stream: 'held', expected: 1 });
        expect([2, 3]).toContain(refused!.status === 'conflict' && refused!.actual);
      },
    );
    expect(await fixture.store.verifyStream(TENANT, 'held')).toEqual({ intact: true, version: 3 });
  });

  it("keep a stream's recorded times in version order when a batch's time was taken before a wait", async () => {
    await appendBatch([single('a-blocker', 'no_stream'), single('b-target', 'no_stream')]);
    // An older transaction id than the late batch's, so the ordering check lets the late batch write
    // after it: only the recorded time can go wrong.
    const older = await app.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      await holding(
        (holder) => appendBatch([single('a-blocker', 'any')], holder),
        // Takes its time, then waits for a-blocker before it reaches b-target ...
        () => [appendBatch([single('a-blocker', 'any'), single('b-target', 'any')])],
        async ([late]) => {
          expect(late!.map((outcome) => outcome.status === 'ok' && outcome.streams[0]!.version)).toEqual([
            3, 3,
          ]);
        },
        // ... while the older transaction writes b-target with a later time and commits.
        async () => {
          await appendBatch([single('b-target', 'any')], older);
          await older.query('COMMIT');
        },
      );
    } finally {
      older.release();
    }
    const { rows } = await fixture.admin.query(
      `SELECT stream_version::int AS version,
              recorded_at >= lag(recorded_at) OVER (ORDER BY stream_version) AS in_order
         FROM chronicle.events WHERE tenant_id = $1 AND stream_id = 'b-target' ORDER BY stream_version`,
      [TENANT],
    );
    expect(rows).toEqual([
      { version: 1, in_order: null },
      { version: 2, in_order: true },
      { version: 3, in_order: true },
    ]);
    expect(await fixture.store.verifyStream(TENANT, 'b-target')).toEqual({ intact: true, version: 3 });
  });
});

/**
 * Runs `hold` in an open transaction, starts `waiters` and waits until each of them waits on a lock,
 * runs `meanwhile`, commits the holder and hands the waiters' outcomes to `check`.
 */
async function holding<T>(
  hold: (holder: pg.PoolClient) => Promise<unknown>,
  waiters: () => Promise<T>[],
  check: (outcomes: T[]) => Promise<void>,
  meanwhile: () => Promise<unknown> = async () => {},
): Promise<void> {
  const holder = await app.connect();
  try {
    await holder.query('BEGIN');
    await hold(holder);
    const waiting = waiters();
    await untilWaitingOnLocks(waiting.length);
    await meanwhile();
    await holder.query('COMMIT');
    await check(await Promise.all(waiting));
  } finally {
    holder.release();
  }
}

/** Waits until `count` appends of this file's database wait on a lock. */
async function untilWaitingOnLocks(count: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const { rows } = await fixture.admin.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%chronicle.append%'`,
      );
      expect(rows[0].n).toBe(count);
    },
    { timeout: 10_000 },
  );
}
