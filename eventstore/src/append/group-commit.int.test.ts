import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WrongExpectedVersion } from '../errors.js';
import { collect, event, useEventStore } from '../test-support/event-store-fixture.js';
import { GroupCommit, type AppendOutcome } from './group-commit.js';
import { serialiseAppend } from './serialise-append.js';

const fixture = useEventStore();

describe('group commit', () => {
  it('merges concurrent appends into shared transactions', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fixture.store.append({
          tenant: 'acme',
          streams: [{ streamId: `merged-${i}`, events: [event('A', { i })] }],
        }),
      ),
    );
    const transactions = new Set(results.map((result) => result.transactionId));
    expect(transactions.size).toBeLessThan(results.length);
    for (let i = 0; i < 50; i++) {
      expect((await collect(fixture.store.readStream('acme', `merged-${i}`))).map((e) => e.data)).toEqual([
        { i },
      ]);
    }
  });

  it("keeps each caller's concurrency check: merged appends with stale versions fail alone", async () => {
    await fixture.store.append({
      tenant: 'acme',
      streams: [{ streamId: 'contended', events: [event('Init')] }],
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        fixture.store.append({
          tenant: 'acme',
          streams: [
            { streamId: `side-${i}`, events: [event('Side', { i })] },
            { streamId: 'contended', expectedVersion: 1, events: [event('Next', { i })] },
          ],
        }),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toBeInstanceOf(WrongExpectedVersion);
        expect(outcome.reason).toMatchObject({ actual: 2 });
      }
    }
    // Losers wrote nothing, not even to their other stream.
    const { rows } = await fixture.admin.query(
      `SELECT count(*)::int AS n FROM chronicle.events WHERE stream_id LIKE 'side-%'`,
    );
    expect(rows[0].n).toBe(1);
    const { rows: heads } = await fixture.admin.query(
      `SELECT count(*)::int AS n FROM chronicle.streams WHERE stream_id LIKE 'side-%'`,
    );
    expect(heads[0].n).toBe(1);
  });

  it('serialises concurrent appends to one stream with "any": versions 1..n, no gaps, no duplicates', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fixture.store.append({
          tenant: 'acme',
          streams: [{ streamId: 'hot', events: [event('Hit', { i }), event('Hit', { i })] }],
        }),
      ),
    );
    const events = await collect(fixture.store.readStream('acme', 'hot'));
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(await fixture.store.verifyStream('acme', 'hot')).toEqual({ intact: true, version: 80 });
  });

  describe('batches', () => {
    let pool: pg.Pool;
    beforeAll(() => {
      pool = new pg.Pool({ connectionString: fixture.database.url, options: '-c role=chronicle_app' });
    });
    afterAll(() => pool.end());

    /** Group commit on a pool that hands each statement's requests to `record`. */
    const groupCommitSeeing = (
      record: (requests: { streams: { id: string }[] }[]) => void,
      maxInFlight: number,
      minEventsPerShare = 16,
    ) =>
      new GroupCommit(
        {
          query: (query: pg.QueryConfig<string[]>) => {
            record(JSON.parse(query.values![0]!) as { streams: { id: string }[] }[]);
            return pool.query(query);
          },
        } as unknown as pg.Pool,
        { maxInFlight, maxBatchEvents: 1000, minEventsPerShare, maxRetries: 3 },
      );
    /** Group commit on a pool that notes in `batchSizes` how many requests each statement carries. */
    const recordingGroupCommit = (batchSizes: number[], maxInFlight: number) =>
      groupCommitSeeing((requests) => batchSizes.push(requests.length), maxInFlight);
    const append = (streamId: string, events = 1) =>
      serialiseAppend(
        {
          tenant: 'acme',
          streams: [{ streamId, events: Array.from({ length: events }, () => event('Good')) }],
        },
        { maxEventBytes: 1e6 },
      );

    /** The transactions that committed these outcomes; every one of them must have committed. */
    const transactionsOf = (outcomes: AppendOutcome[]) =>
      new Set(
        outcomes.map((outcome) => {
          if (outcome.status !== 'ok') throw new Error(`append not committed: ${JSON.stringify(outcome)}`);
          return outcome.transactionId;
        }),
      );

    it('keep a few small appends in one transaction, and share many events among free slots', async () => {
      const batchSizes: number[] = [];
      const groupCommit = recordingGroupCommit(batchSizes, 2);
      // Submitted in one turn of the event loop, so queued together.
      const small = await Promise.all(
        Array.from({ length: 8 }, (_, i) => groupCommit.submit(append(`small-${i}`))),
      );
      expect(batchSizes).toEqual([8]);
      expect(transactionsOf(small).size).toBe(1);

      batchSizes.length = 0;
      const large = await Promise.all(
        Array.from({ length: 8 }, (_, i) => groupCommit.submit(append(`large-${i}`, 10))),
      );
      expect(batchSizes).toEqual([4, 4]);
      expect(transactionsOf(large).size).toBe(2);
    });

    it('that fail as a whole are re-run request by request, so only the faulty request fails', async () => {
      const batchSizes: number[] = [];
      const groupCommit = recordingGroupCommit(batchSizes, 1);
      // Passes no validation of ours: only the database can refuse it, failing the whole statement.
      const poison = {
        tenant: 'acme',
        json: '{"tenant":"acme","streams":[{"id":"poison","expected":"bogus","events":[]}]}',
        eventCount: 1,
        lockKey: 'acme\npoison',
      };
      // Submitted in one turn of the event loop, so merged into one batch.
      const settled = await Promise.allSettled(
        [append('batch-0'), append('batch-1'), poison, append('batch-2')].map((request) =>
          groupCommit.submit(request),
        ),
      );
      expect(settled.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ code: '22P02' });
      // Merged (and failed as a whole), then each on its own.
      expect(batchSizes).toEqual([4, 1, 1, 1, 1]);
      const { rows } = await fixture.admin.query(
        `SELECT stream_id FROM chronicle.events WHERE stream_id LIKE 'batch-%' ORDER BY 1`,
      );
      expect(rows.map((row) => row.stream_id)).toEqual(['batch-0', 'batch-1', 'batch-2']);
    });

    it('are sent sorted by tenant and stream, so two in flight never lock heads in crossed orders', async () => {
      const sent: string[][] = [];
      const groupCommit = groupCommitSeeing(
        (requests) => sent.push(requests.map((request) => request.streams[0]!.id)),
        2,
        1,
      );
      for (let round = 0; round < 10; round++) {
        // Shared out as [cross-b, cross-a] and [cross-a, cross-b], both in flight at once: unsorted, each
        // would hold the head the other waits for, until PostgreSQL broke the deadlock after a second.
        const outcomes = await Promise.all(
          ['cross-b', 'cross-a', 'cross-a', 'cross-b'].map((id) => groupCommit.submit(append(id))),
        );
        expect(transactionsOf(outcomes).size).toBe(2);
      }
      // Every statement sorted (a retry after the ordering check resends one the same way).
      expect(sent.length).toBeGreaterThanOrEqual(20);
      expect(new Set(sent.map((streams) => streams.join()))).toEqual(new Set(['cross-a,cross-b']));
      for (const stream of ['cross-a', 'cross-b']) {
        expect(await fixture.store.verifyStream('acme', stream)).toEqual({ intact: true, version: 20 });
      }
    });
  });
});
