import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { ReadModels } from '../database/read-models.js';
import type { SeriesUpdate } from '../graphql/schema-types.generated.js';
import type { ChangeFeed } from './change-feed.js';
import type { ChangeNotice } from './change-notice.js';
import type { ChangedPoint } from './series-changes-query.js';
import { SeriesFanout, type SeriesWatch } from './series-fanout.js';
import { isShared } from './shared-message.js';

/** The read models as a map of rows per tenant (what readChangedPoints would return for a change). */
function fakeReadModels(rows: Map<string, ChangedPoint[]>): ReadModels {
  return {
    inTenant: (tenant, work) =>
      work({ query: async () => ({ rows: rows.get(tenant) ?? [] }) } as unknown as pg.ClientBase),
    asPlatform: () => Promise.reject(new Error('not in this test')),
    ping: async () => {},
    close: async () => {},
  };
}

function fakeFeed() {
  const listeners: ((notice: ChangeNotice) => void)[] = [];
  const feed = {
    onNotice: (listener: (notice: ChangeNotice) => void) => (listeners.push(listener), () => {}),
    onResync: () => () => {},
  } as unknown as ChangeFeed;
  const change = (tenant: string, sourceIds: string[]) => {
    for (const listener of listeners) {
      listener({ kind: 'change', projection: 'timeseries', tenant, sourceIds, from: 0, to: 10_000 });
    }
  };
  return { feed, change };
}

const row = (sourceId: string, owner: string, t: number): ChangedPoint => ({
  sourceId,
  owner,
  resolution: 0,
  t,
  count: 1,
  min: t,
  max: t,
  avg: t,
  first: t,
  last: t,
});

const watch = (tenant: string, subject: string, seesAll: boolean, sourceIds: string[]): SeriesWatch => ({
  tenant,
  subject,
  seesAll,
  sourceIds: new Set(sourceIds),
  resolution: 'raw',
  aggregate: 'AVG',
});

/** The next message of a subscription, or undefined if none comes before the reads settle. */
async function nextOrNothing(
  subscription: AsyncIterableIterator<SeriesUpdate>,
): Promise<SeriesUpdate | undefined> {
  const next = subscription.next().then((result) => result.value as SeriesUpdate);
  return Promise.race([next, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20))]);
}

describe('series fan-out: one message per audience', () => {
  it('shares one message among subscribers who may see the same, and never across tenants or owners', async () => {
    const rows = new Map([
      ['acme', [row('meter-1', 'ann', 1_000), row('meter-2', 'bob', 1_000)]],
      ['globex', [row('meter-1', 'gus', 2_000)]],
    ]);
    const { feed, change } = fakeFeed();
    const fanout = new SeriesFanout(fakeReadModels(rows), feed, { bufferPoints: 100, onError: () => {} });
    const none = new Map<string, number | null>();
    const admins = [
      fanout.subscribe(watch('acme', 'admin-1', true, ['meter-1', 'meter-2']), none),
      fanout.subscribe(watch('acme', 'admin-2', true, ['meter-2', 'meter-1']), none),
    ];
    // Viewers: ann owns meter-1, bob meter-2; each subscription was checked at subscribe time, but the
    // owner is checked again at every read (a transfer stops the flow), so bob's is only ever his own.
    const ann = fanout.subscribe(watch('acme', 'ann', false, ['meter-1']), none);
    const bob = fanout.subscribe(watch('acme', 'bob', false, ['meter-1', 'meter-2']), none);
    const globexAdmin = fanout.subscribe(watch('globex', 'admin-1', true, ['meter-1']), none);

    change('acme', ['meter-1', 'meter-2']);
    const [first, second] = await Promise.all(admins.map(nextOrNothing));
    expect(first).toBe(second);
    expect(isShared(first)).toBe(true);
    expect(first!.changes.map((c) => c.sourceId).sort()).toEqual(['meter-1', 'meter-2']);

    const annMessage = await nextOrNothing(ann);
    expect(annMessage!.changes.map((c) => c.sourceId)).toEqual(['meter-1']);
    const bobMessage = await nextOrNothing(bob);
    expect(bobMessage!.changes.map((c) => c.sourceId)).toEqual(['meter-2']);
    expect(new Set([first, annMessage, bobMessage]).size).toBe(3);
    // Another tenant's change was not even read for acme's subscribers, nor acme's for globex's.
    expect(await nextOrNothing(globexAdmin)).toBeUndefined();

    change('globex', ['meter-1']);
    const globexMessage = await nextOrNothing(globexAdmin);
    expect(globexMessage!.changes).toMatchObject([{ sourceId: 'meter-1', points: [{ t: 2_000 }] }]);
    expect(await nextOrNothing(admins[0]!)).toBeUndefined();
    await fanout.close();
  });

  it('gives a subscriber that fell behind a fold of its own, and the others the shared message', async () => {
    const rows = new Map([['acme', [row('meter-1', 'ann', 1_000)]]]);
    const { feed, change } = fakeFeed();
    const fanout = new SeriesFanout(fakeReadModels(rows), feed, { bufferPoints: 100, onError: () => {} });
    const none = new Map<string, number | null>();
    const reader = fanout.subscribe(watch('acme', 'admin', true, ['meter-1']), none);
    const behind = fanout.subscribe(watch('acme', 'admin', true, ['meter-1']), none);
    const read = async () => {
      change('acme', ['meter-1']);
      return nextOrNothing(reader);
    };
    const firstShared = await read();
    rows.set('acme', [row('meter-1', 'ann', 2_000)]);
    const secondShared = await read();
    expect(isShared(firstShared)).toBe(true);
    expect(isShared(secondShared)).toBe(true);
    const folded = await nextOrNothing(behind);
    expect(isShared(folded)).toBe(false);
    expect(folded!.changes[0]!.points.map((p) => p.t)).toEqual([1_000, 2_000]);
    expect(fanout.subscribers).toBe(2);
    await reader.return!();
    await behind.return!();
    expect(fanout.subscribers).toBe(0);
  });
});
