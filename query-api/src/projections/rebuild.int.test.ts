import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTenant } from '@chronicle/command-api/testing';
import type { GraphqlSocket } from '../test-support/graphql-socket.js';
import { useQueryApi } from '../test-support/query-api-fixture.js';

const fixture = useQueryApi();

const START = `mutation Start($projection: String!) {
  startRebuild(projection: $projection) { name version generation status progress requestedBy cancelledBy }
}`;
const CANCEL = `mutation Cancel($projection: String!) {
  cancelRebuild(projection: $projection) { name version generation status cancelledBy }
}`;
const PROGRESS = `subscription {
  projectionProgress {
    name version generation status position head progress eventsApplied switchedAt
    bulk { unitsBuilt units pointsBuilt points }
  }
}`;
const SERIES = `query Series($sourceId: ID!, $from: EpochMillis!, $to: EpochMillis!) {
  series(sourceId: $sourceId, from: $from, to: $to, resolution: RAW) { points { t value } }
}`;

interface Build {
  name: string;
  version: number;
  generation: number;
  status: string;
}

/**
 * Ops start and cancel rebuilds through the query API, and watch them on `projectionProgress`, while the
 * tenants' readers go on reading; nobody else may.
 */
describe('rebuilds started and cancelled by ops', () => {
  let acme: TestTenant;
  let auditor: string;
  let ops: string;
  let opsSubject: string;
  const sockets: GraphqlSocket[] = [];
  const now = Date.now();

  beforeAll(async () => {
    acme = await fixture.createTenant('rebuild-acme');
    await fixture.registerSource(acme, 'meter-1');
    for (let i = 0; i < 20; i++)
      await fixture.record(acme, 'meter-1', [{ t: now - 60_000 + i * 1000, v: i }]);
    [auditor, ops] = await Promise.all([
      fixture.auditor(acme).then(({ token }) => token),
      fixture.opsToken(),
    ]);
    const me = await fixture.graphql<{ me: { subject: string } }>('{ me { subject } }', { token: ops });
    opsSubject = me.body.data!.me.subject;
    await fixture.projected();
  }, 120_000);
  afterAll(() => Promise.all(sockets.map((socket) => socket.close())));

  it('refuses everyone but ops, with FORBIDDEN', async () => {
    for (const token of [acme.viewer.token, acme.admin.token, auditor, acme.producer.token]) {
      for (const mutation of [START, CANCEL]) {
        const { status, body } = await fixture.graphql(mutation, {
          token,
          variables: { projection: 'timeseries' },
        });
        expect(status).toBe(200);
        expect(body).toMatchObject({
          data: null,
          errors: [{ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('role ops') }],
        });
      }
    }
    // Nothing was asked for.
    const { body } = await fixture.graphql<{ projections: Build[] }>('{ projections { name generation } }', {
      token: ops,
    });
    expect(body.data!.projections.every((build) => build.generation === 1)).toBe(true);
  });

  it('refuses bad input, naming what is wrong', async () => {
    const ask = (mutation: string, projection: unknown) =>
      fixture.graphql(mutation, { token: ops, variables: { projection } });
    for (const mutation of [START, CANCEL]) {
      for (const projection of ['', 'Time Series!', 'x'.repeat(200)]) {
        const { status, body } = await ask(mutation, projection);
        expect(status).toBe(200);
        expect(body.errors).toMatchObject([
          {
            extensions: { code: 'BAD_USER_INPUT' },
            message: expect.stringContaining("projection must be a projection's name"),
          },
        ]);
      }
      const unknown = await ask(mutation, 'nothing');
      expect(unknown.body.errors).toMatchObject([
        {
          extensions: { code: 'NOT_FOUND' },
          message: expect.stringContaining('no projection named nothing'),
        },
      ]);
      // A variable of the wrong type, or none: refused before anything runs.
      for (const projection of [42, null]) {
        const { status, body } = await ask(mutation, projection);
        expect(status).toBe(400);
        expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    }
    const unknown = await fixture.graphql(START, { token: ops, variables: { projection: 'nothing' } });
    expect(unknown.body.errors?.[0]?.message).toBe(
      'no projection named nothing (projections: catalogue, timeseries)',
    );
    const nothingToCancel = await fixture.graphql(CANCEL, {
      token: ops,
      variables: { projection: 'timeseries' },
    });
    expect(nothingToCancel.body.errors).toMatchObject([
      { extensions: { code: 'CONFLICT' }, message: 'no build of timeseries is under way' },
    ]);
  });

  it('lets ops start a rebuild and watch it on projectionProgress until it serves; readers go on reading', async () => {
    const socket = fixture.socket({ authorization: `Bearer ${ops}` });
    sockets.push(socket);
    const progress = socket.subscribe<{ projectionProgress: (Build & { progress: number })[] }>(PROGRESS);
    const first = (await progress.next()).data!.projectionProgress;
    expect(first.filter((build) => build.name === 'timeseries')).toMatchObject([
      { generation: 1, status: 'LIVE' },
    ]);

    const started = await fixture.graphql<{ startRebuild: Build }>(START, {
      token: ops,
      variables: { projection: 'timeseries' },
    });
    expect(started.body).toEqual({
      data: {
        startRebuild: {
          name: 'timeseries',
          version: 1,
          generation: 2,
          status: 'REQUESTED',
          progress: 0,
          requestedBy: opsSubject,
          cancelledBy: null,
        },
      },
    });
    // One at a time (unless it has already finished: then a third copy is as good).
    const again = await fixture.graphql<{ startRebuild: Build }>(START, {
      token: ops,
      variables: { projection: 'timeseries' },
    });
    const refusedAgain = again.body.errors?.[0];
    if (refusedAgain) {
      expect(refusedAgain).toMatchObject({
        extensions: { code: 'CONFLICT' },
        message: expect.stringContaining('a build of timeseries is already under way'),
      });
    }
    const target = refusedAgain ? 2 : 3;

    // Progress arrives until the new copy serves and the old one is retired.
    const seen: string[] = [];
    for (;;) {
      const builds = (await progress.next()).data!.projectionProgress.filter(
        (build) => build.name === 'timeseries',
      );
      const rebuild = builds.find((build) => build.generation === target);
      if (rebuild) seen.push(rebuild.status);
      if (rebuild?.status === 'LIVE') {
        expect(rebuild.progress).toBe(1);
        expect(builds.find((build) => build.generation === 1)?.status).toBe('RETIRED');
        break;
      }
      expect(rebuild?.status ?? 'REQUESTED').toMatch(/^(REQUESTED|BUILDING|LIVE)$/);
    }
    progress.dispose();
    expect(seen.at(-1)).toBe('LIVE');

    // The tenant's reader reads the same series from the new copy, and new points still arrive.
    await fixture.record(acme, 'meter-1', [{ t: now + 1000, v: 99 }]);
    await fixture.projected();
    const series = await fixture.graphql<{ series: { points: { t: number; value: number }[] } }>(SERIES, {
      token: acme.viewer.token,
      variables: { sourceId: 'meter-1', from: now - 120_000, to: now + 60_000 },
    });
    expect(series.body.data!.series.points).toHaveLength(21);
    expect(series.body.data!.series.points.at(-1)).toEqual({ t: now + 1000, value: 99 });
  });

  it('lets ops cancel a rebuild that is under way; progress shows it cancelled', async () => {
    // Without a runner to take it up, the rebuild stays requested, so there is one to cancel whatever the
    // machine's speed (cancelling one mid-build is the projectors' test).
    await fixture.runner.stop();
    const socket = fixture.socket({ authorization: `Bearer ${ops}` });
    sockets.push(socket);
    const progress = socket.subscribe<{ projectionProgress: Build[] }>(PROGRESS);
    await progress.next();
    const started = await fixture.graphql<{ startRebuild: Build }>(START, {
      token: ops,
      variables: { projection: 'catalogue' },
    });
    expect(started.body.data!.startRebuild).toMatchObject({
      name: 'catalogue',
      generation: 2,
      status: 'REQUESTED',
    });
    const cancelled = await fixture.graphql<{ cancelRebuild: Build }>(CANCEL, {
      token: ops,
      variables: { projection: 'catalogue' },
    });
    expect(cancelled.body).toEqual({
      data: {
        cancelRebuild: {
          name: 'catalogue',
          version: 1,
          generation: 2,
          status: 'CANCELLED',
          cancelledBy: opsSubject,
        },
      },
    });
    for (;;) {
      const builds = (await progress.next()).data!.projectionProgress;
      if (
        builds.some(
          (build) => build.name === 'catalogue' && build.generation === 2 && build.status === 'CANCELLED',
        )
      )
        break;
    }
    progress.dispose();
    // The serving copy is untouched.
    const sources = await fixture.graphql<{ sources: { edges: { node: { id: string } }[] } }>(
      '{ sources { edges { node { id } } } }',
      { token: acme.admin.token },
    );
    expect(sources.body.data!.sources.edges.map((edge) => edge.node.id)).toEqual(['meter-1']);
  });
});
