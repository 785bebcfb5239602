import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL } from '../subscribe/wake-ups.js';
import { collect, event, useEventStore } from '../test-support/event-store-fixture.js';
import { CommitAnnouncer } from './commit-announcer.js';
import { GroupCommit } from './group-commit.js';
import { serialiseAppend } from './serialise-append.js';

const fixture = useEventStore();

/** Wake-ups the fixture's store hears, per tenant, counted from when it is listening. */
const heard = new Map<string, number>();

beforeAll(async () => {
  let connected = false;
  fixture.store.onAppended(({ tenant }) => {
    if (tenant === null) connected = true;
    else heard.set(tenant, (heard.get(tenant) ?? 0) + 1);
  });
  await vi.waitFor(() => expect(connected).toBe(true), { timeout: 10_000 });
});

const wakeUpsOf = (tenant: string) => heard.get(tenant) ?? 0;

/**
 * Waits until every wake-up committed so far has been heard: NOTIFYs are delivered in commit order, so once
 * a marker sent now arrives, nothing sent before it is still on its way and counts are final.
 */
let markers = 0;
async function allHeard(): Promise<void> {
  const marker = `wake-marker-${++markers}`;
  await fixture.admin.query(`SELECT pg_notify('${CHANNEL}', $1)`, [JSON.stringify({ tenant: marker })]);
  await vi.waitFor(() => expect(wakeUpsOf(marker)).toBe(1), { timeout: 10_000 });
}

describe('wake-ups after commit', () => {
  it('announces the first append at once and merges the rest of the interval into one', async () => {
    const writer = fixture.openStore({ wakeUpIntervalMs: 2_000 });
    await writer.append({ tenant: 'wake-burst', streams: [{ streamId: 's', events: [event('First')] }] });
    await vi.waitFor(() => expect(wakeUpsOf('wake-burst')).toBe(1), { timeout: 10_000 });
    for (let i = 0; i < 10; i++) {
      await writer.append({ tenant: 'wake-burst', streams: [{ streamId: 's', events: [event('Next')] }] });
    }
    // The ten appends after the first are announced together when the interval ends, not before.
    expect(wakeUpsOf('wake-burst')).toBe(1);
    await vi.waitFor(() => expect(wakeUpsOf('wake-burst')).toBe(2), { timeout: 10_000 });
  });

  it('sends a pending wake-up at once when the store closes', async () => {
    const writer = fixture.openStore({ wakeUpIntervalMs: 600_000 });
    await writer.append({ tenant: 'wake-close', streams: [{ streamId: 's', events: [event('First')] }] });
    await writer.append({ tenant: 'wake-close', streams: [{ streamId: 's', events: [event('Second')] }] });
    await writer.close();
    await vi.waitFor(() => expect(wakeUpsOf('wake-close')).toBe(2), { timeout: 10_000 });
  });
});

describe('wake-ups carried by an append', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: fixture.database.url, options: '-c role=chronicle_app' });
  });
  afterAll(() => pool.end());

  /** Group commit and its announcer on a pool that notes the name of every statement it runs. */
  const recorded = (statements: string[], minIntervalMs: number, refuse?: string) => {
    const recording = {
      query: (query: pg.QueryConfig<unknown[]>) => {
        statements.push(query.name ?? query.text);
        if (query.name === refuse) {
          // What PostgreSQL raises at commit when the NOTIFY queue is full.
          const error = Object.assign(new Error('too many notifications in the NOTIFY queue'), {
            code: '54000',
          });
          return Promise.reject(error);
        }
        return pool.query(query);
      },
    } as unknown as pg.Pool;
    const announcer = new CommitAnnouncer(recording, minIntervalMs, (error) => {
      throw error;
    });
    const groupCommit = new GroupCommit(recording, {
      maxInFlight: 1,
      maxBatchEvents: 1000,
      minEventsPerShare: 16,
      maxRetries: 3,
      wakeUps: announcer,
    });
    return { announcer, groupCommit };
  };
  const append = (tenant: string, streamId: string) =>
    serialiseAppend({ tenant, streams: [{ streamId, events: [event('Good')] }] }, { maxEventBytes: 1e6 });

  it('sends a due wake-up in the append transaction, heard only once the append is readable', async () => {
    const statements: string[] = [];
    const { announcer, groupCommit } = recorded(statements, 60_000);
    const readable: number[] = [];
    const stop = fixture.store.onAppended(({ tenant }) => {
      if (tenant !== 'wake-carried') return;
      void collect(fixture.store.readStream('wake-carried', 's')).then((events) =>
        readable.push(events.length),
      );
    });
    try {
      await groupCommit.submit(append('wake-carried', 's'));
      await vi.waitFor(() => expect(readable).toEqual([1]), { timeout: 10_000 });
      expect(statements).toEqual(['chronicle_append_waking']);
      // Within the interval: not carried, and sent on its own only when the announcer closes.
      await groupCommit.submit(append('wake-carried', 's'));
      expect(statements).toEqual(['chronicle_append_waking', 'chronicle_append']);
      await announcer.close();
      expect(statements).toEqual(['chronicle_append_waking', 'chronicle_append', 'chronicle_wake_up']);
      await vi.waitFor(() => expect(readable).toEqual([1, 2]), { timeout: 10_000 });
    } finally {
      stop();
    }
  });

  it('still owes the wake-ups a rolled-back batch carried, and announces its re-run appends', async () => {
    const statements: string[] = [];
    const { announcer, groupCommit } = recorded(statements, 60_000);
    // Due now and pending: the batch that starts in this turn carries it.
    announcer.announce('wake-owed');
    // Only the database refuses it, failing the whole merged statement.
    const poison = {
      tenant: 'wake-poison',
      json: '{"tenant":"wake-poison","streams":[{"id":"poison","expected":"bogus","events":[]}]}',
      eventCount: 1,
      lockKey: 'wake-poison\npoison',
    };
    const settled = await Promise.allSettled([
      groupCommit.submit(poison),
      groupCommit.submit(append('wake-rerun', 's')),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled']);
    expect(statements).toEqual(['chronicle_append_waking', 'chronicle_append', 'chronicle_append']);
    await allHeard();
    expect([wakeUpsOf('wake-owed'), wakeUpsOf('wake-rerun'), wakeUpsOf('wake-poison')]).toEqual([0, 0, 0]);
    await announcer.close();
    await allHeard();
    expect([wakeUpsOf('wake-owed'), wakeUpsOf('wake-rerun'), wakeUpsOf('wake-poison')]).toEqual([1, 1, 0]);
  });

  it('commits an append whose wake-up fails its transaction, and still sends the wake-up', async () => {
    const statements: string[] = [];
    const { announcer, groupCommit } = recorded(statements, 60_000, 'chronicle_append_waking');
    const outcome = await groupCommit.submit(append('wake-queue-full', 's'));
    expect(outcome.status).toBe('ok');
    expect(statements).toEqual(['chronicle_append_waking', 'chronicle_append']);
    expect(await collect(fixture.store.readStream('wake-queue-full', 's'))).toHaveLength(1);
    await allHeard();
    expect(wakeUpsOf('wake-queue-full')).toBe(0);
    await announcer.close();
    await allHeard();
    expect(wakeUpsOf('wake-queue-full')).toBe(1);
  });

  it('sends a wake-up that is due on close at once, not after close has returned', async () => {
    const statements: string[] = [];
    const { announcer } = recorded(statements, 60_000);
    announcer.announce('wake-due-on-close');
    await announcer.close();
    expect(statements).toEqual(['chronicle_wake_up']);
    await allHeard();
    expect(wakeUpsOf('wake-due-on-close')).toBe(1);
  });
});
