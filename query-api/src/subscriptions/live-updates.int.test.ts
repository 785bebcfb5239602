import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestTenant } from '@chronicle/command-api/testing';
import type { GraphqlSocket } from '../test-support/graphql-socket.js';
import { useQueryApi } from '../test-support/query-api-fixture.js';

const fixture = useQueryApi();

const SERIES_UPDATED = `subscription Live($sourceIds: [ID!]!, $resolution: Resolution, $aggregate: Aggregate) {
  seriesUpdated(sourceIds: $sourceIds, resolution: $resolution, aggregate: $aggregate) {
    gap
    changes { sourceId resolution points { t value count min max last } }
  }
}`;
const SOURCE_CHANGED = `subscription Sources($sourceIds: [ID!]) {
  sourceChanged(sourceIds: $sourceIds) { gap sources { id owner name lastValue } }
}`;

interface SeriesUpdated {
  seriesUpdated: {
    gap: boolean;
    changes: {
      sourceId: string;
      resolution: string;
      points: { t: number; value: number; count: number }[];
    }[];
  };
}
interface SourceChanged {
  sourceChanged: { gap: boolean; sources: { id: string; owner: string; lastValue: number | null }[] };
}

/**
 * Producers write through the command API; the projector runner commits and notifies; the query API's one
 * LISTEN connection hears it, reads the new points once per tenant, and pushes them to each subscriber
 * that may see them, over graphql-ws.
 */
describe('live updates', () => {
  let acme: TestTenant;
  let globex: TestTenant;
  const sockets: GraphqlSocket[] = [];
  const open = async (token: string) => {
    const socket = fixture.socket({ authorization: `Bearer ${token}` });
    sockets.push(socket);
    expect(await socket.acknowledged).toMatchObject({ expiresAt: expect.any(String) });
    return socket;
  };
  /** Waits until the server holds `count` series subscriptions (so a write after it cannot be missed). */
  const seriesWatchers = (count: number) =>
    eventually(async () => expect(fixture.api.stats().series).toBe(count));
  let t = Date.now() - 60_000;
  const nextTime = () => (t += 1_000);

  beforeAll(async () => {
    [acme, globex] = await Promise.all([
      fixture.createTenant('live-acme'),
      fixture.createTenant('live-globex'),
    ]);
    await Promise.all([
      fixture.registerSource(acme, 'meter-1'),
      fixture.registerSource(acme, 'hall-1', acme.admin.subject),
      fixture.registerSource(globex, 'meter-1'),
    ]);
    await fixture.projected();
  }, 180_000);
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
  });

  it('pushes the points a producer writes to a subscriber of the source, raw and as rollups', async () => {
    const socket = await open(acme.viewer.token);
    const raw = socket.subscribe<SeriesUpdated>(SERIES_UPDATED, { sourceIds: ['meter-1'] });
    const minutes = socket.subscribe<SeriesUpdated>(SERIES_UPDATED, {
      sourceIds: ['meter-1'],
      resolution: 'MINUTE',
      aggregate: 'MAX',
    });
    await seriesWatchers(2);
    const [first, second] = [nextTime(), nextTime()];
    await fixture.record(acme, 'meter-1', [
      { t: first, v: 41 },
      { t: second, v: 42 },
    ]);

    const update = (await raw.next()).data!.seriesUpdated;
    expect(update.gap).toBe(false);
    expect(update.changes).toEqual([
      {
        sourceId: 'meter-1',
        resolution: 'RAW',
        points: [
          { t: first, value: 41, count: 1, min: 41, max: 41, last: 41 },
          { t: second, value: 42, count: 1, min: 42, max: 42, last: 42 },
        ],
      },
    ]);
    const bucket = (await minutes.next()).data!.seriesUpdated.changes[0]!;
    expect(bucket.resolution).toBe('MINUTE');
    expect(bucket.points.at(-1)).toMatchObject({ value: 42 });
    raw.dispose();
    minutes.dispose();
    await seriesWatchers(0);
  });

  it('refuses a viewer a subscription to a source it does not own: an error, and no data', async () => {
    const socket = await open(acme.viewer.token);
    const refused = socket.subscribe<SeriesUpdated>(SERIES_UPDATED, { sourceIds: ['meter-1', 'hall-1'] });
    const result = await refused.next();
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);
    expect(result.errors![0]!.message).toContain('hall-1');
    expect(await refused.ended).toBeUndefined();
    expect(fixture.api.stats().series).toBe(0);
    // The admin may watch it.
    const admin = await open(acme.admin.token);
    const allowed = admin.subscribe<SeriesUpdated>(SERIES_UPDATED, { sourceIds: ['hall-1'] });
    await seriesWatchers(1);
    const at = nextTime();
    await fixture.record(acme, 'hall-1', [{ t: at, v: 7 }]);
    expect((await allowed.next()).data!.seriesUpdated.changes[0]!.points).toMatchObject([
      { t: at, value: 7 },
    ]);
    allowed.dispose();
    await seriesWatchers(0);
  });

  it("gives tenant B's subscribers nothing of tenant A's, even for a source id both have", async () => {
    const globexSocket = await open(globex.viewer.token);
    const guessed = globexSocket.subscribe<SeriesUpdated>(SERIES_UPDATED, { sourceIds: ['hall-1'] });
    expect((await guessed.next()).errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);

    const acmeSocket = await open(acme.viewer.token);
    const acmeUpdates = acmeSocket.subscribe<SeriesUpdated>(SERIES_UPDATED, { sourceIds: ['meter-1'] });
    const globexUpdates = globexSocket.subscribe<SeriesUpdated>(SERIES_UPDATED, { sourceIds: ['meter-1'] });
    const globexSources = globexSocket.subscribe<SourceChanged>(SOURCE_CHANGED);
    await seriesWatchers(2);
    const acmeAt = nextTime();
    await fixture.record(acme, 'meter-1', [{ t: acmeAt, v: 1_000 }]);
    expect((await acmeUpdates.next()).data!.seriesUpdated.changes[0]!.points[0]!.value).toBe(1_000);
    // Anything of acme's wrongly sent to globex would be waiting before globex's own write.
    const globexAt = nextTime();
    await fixture.record(globex, 'meter-1', [{ t: globexAt, v: 2_000 }]);
    const received = (await globexUpdates.next()).data!.seriesUpdated;
    expect(received.changes).toEqual([
      expect.objectContaining({
        sourceId: 'meter-1',
        points: [expect.objectContaining({ t: globexAt, value: 2_000 })],
      }),
    ]);
    let changed = (await globexSources.next()).data!.sourceChanged;
    while (!changed.sources.some((source) => source.lastValue === 2_000)) {
      expect(changed.sources.map((source) => source.lastValue)).not.toContain(1_000);
      changed = (await globexSources.next()).data!.sourceChanged;
    }
    expect(changed.sources.map((source) => source.lastValue)).not.toContain(1_000);
    acmeUpdates.dispose();
    globexUpdates.dispose();
    globexSources.dispose();
    await seriesWatchers(0);
  });

  it('tells a viewer of changes to its own sources only', async () => {
    const socket = await open(acme.viewer.token);
    const changes = socket.subscribe<SourceChanged>(SOURCE_CHANGED);
    await eventually(async () => expect(fixture.api.stats().sources).toBe(1));
    // The admin's source first: were it sent to the viewer, it would come before the viewer's own.
    await fixture.registerSource(acme, 'hall-2', acme.admin.subject);
    await fixture.registerSource(acme, 'meter-3');
    const seen: string[] = [];
    while (!seen.includes('meter-3')) {
      const message = (await changes.next()).data!.sourceChanged;
      expect(message.sources.every((source) => source.owner === acme.viewer.subject)).toBe(true);
      seen.push(...message.sources.map((source) => source.id));
    }
    expect(seen).not.toContain('hall-2');
    changes.dispose();
  });

  it('streams projection progress to ops, and refuses it to everyone else', async () => {
    const viewer = await open(acme.viewer.token);
    const refused = viewer.subscribe('subscription { projectionProgress { name } }');
    expect((await refused.next()).errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    const ops = await open(await fixture.opsToken());
    const progress = ops.subscribe<{ projectionProgress: { name: string; status: string; lag: string }[] }>(
      'subscription { projectionProgress { name status position head lag progress } }',
    );
    const first = (await progress.next()).data!.projectionProgress;
    expect(first.map((projection) => projection.name).sort()).toEqual(['catalogue', 'timeseries']);
    progress.dispose();
    const tenantData = ops.subscribe(SERIES_UPDATED, { sourceIds: ['meter-1'] });
    expect((await tenantData.next()).errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
  });

  it('survives losing its LISTEN connection: it reconnects, says `gap`, and catches up on what it missed', async () => {
    const socket = await open(acme.viewer.token);
    const updates = socket.subscribe<SeriesUpdated>(SERIES_UPDATED, { sourceIds: ['meter-1'] });
    await seriesWatchers(1);
    const { rowCount } = await fixture.commands.sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'chronicle-query-api-changes' AND datname = current_database()`,
    );
    expect(rowCount).toBe(1);
    // Written while the connection may be down: its notification may be lost, the catch-up reads it.
    const missed = nextTime();
    await fixture.record(acme, 'meter-1', [{ t: missed, v: 5 }]);
    await fixture.projected();
    const points: number[] = [];
    let gap = false;
    while (!gap || !points.includes(missed)) {
      const update = (await updates.next()).data!.seriesUpdated;
      gap ||= update.gap;
      points.push(...update.changes.flatMap((change) => change.points.map((point) => point.t)));
    }
    // And live again afterwards.
    const after = nextTime();
    await fixture.record(acme, 'meter-1', [{ t: after, v: 6 }]);
    let live = (await updates.next()).data!.seriesUpdated;
    while (!live.changes.some((change) => change.points.some((point) => point.t === after))) {
      live = (await updates.next()).data!.seriesUpdated;
    }
    updates.dispose();
  });
});
