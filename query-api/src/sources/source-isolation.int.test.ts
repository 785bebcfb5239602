import { beforeAll, describe, expect, it } from 'vitest';
import type { TestTenant } from '@chronicle/command-api/testing';
import { useQueryApi } from '../test-support/query-api-fixture.js';

const fixture = useQueryApi();

const SOURCES = `query Sources($first: Int, $after: String) {
  sources(first: $first, after: $after) {
    edges { cursor node { id name owner unit status lastValue lastTs lastSeen } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const SOURCE = `query Source($id: ID!) { source(id: $id) { id owner lastValue } }`;
const SERIES = `query Series($sourceId: ID!, $from: EpochMillis!, $to: EpochMillis!, $resolution: Resolution) {
  series(sourceId: $sourceId, from: $from, to: $to, resolution: $resolution) {
    sourceId resolution points { t value count min max }
  }
}`;

type SourcesData = {
  sources: {
    edges: { cursor: string; node: { id: string; owner: string; lastValue: number | null } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

/**
 * Each tenant sees its own data only, and within a tenant a viewer only the sources it owns. Both tenants
 * have a source with the same id (`meter-1`): only the tenant in the token's issuer tells them apart.
 */
describe('query isolation', () => {
  let acme: TestTenant;
  let globex: TestTenant;
  const now = Date.now();

  beforeAll(async () => {
    [acme, globex] = await Promise.all([
      fixture.createTenant('qry-acme'),
      fixture.createTenant('qry-globex'),
    ]);
    await Promise.all([
      fixture.registerSource(acme, 'meter-1'),
      fixture.registerSource(acme, 'meter-2'),
      // Owned by the admin, not the viewer.
      fixture.registerSource(acme, 'hall-1', acme.admin.subject),
      fixture.registerSource(globex, 'meter-1'),
      fixture.registerSource(globex, 'globex-only'),
    ]);
    await fixture.record(acme, 'meter-1', [
      { t: now - 2_000, v: 1 },
      { t: now - 1_000, v: 2 },
    ]);
    await fixture.record(acme, 'hall-1', [{ t: now - 1_000, v: 50 }]);
    await fixture.record(globex, 'meter-1', [{ t: now - 1_000, v: 999 }]);
    await fixture.projected();
  }, 180_000);

  const ids = (data: SourcesData | null | undefined) => data?.sources.edges.map((edge) => edge.node.id);

  it('gives a viewer only the sources it owns, each with its last value', async () => {
    const { status, body } = await fixture.graphql<SourcesData>(SOURCES, { token: acme.viewer.token });
    expect(status).toBe(200);
    expect(ids(body.data)).toEqual(['meter-1', 'meter-2']);
    expect(body.data!.sources.edges[0]!.node).toMatchObject({
      id: 'meter-1',
      owner: acme.viewer.subject,
      unit: 'kWh',
      status: 'ACTIVE',
      lastValue: 2,
      lastTs: now - 1_000,
    });
    expect(
      (await fixture.graphql(SOURCE, { token: acme.viewer.token, variables: { id: 'hall-1' } })).body,
    ).toEqual({
      data: { source: null },
    });
  });

  it('gives a tenant-admin every source of the tenant, page by page', async () => {
    const first = await fixture.graphql<SourcesData>(SOURCES, {
      token: acme.admin.token,
      variables: { first: 2 },
    });
    expect(ids(first.body.data)).toEqual(['hall-1', 'meter-1']);
    expect(first.body.data!.sources.pageInfo.hasNextPage).toBe(true);
    const second = await fixture.graphql<SourcesData>(SOURCES, {
      token: acme.admin.token,
      variables: { first: 2, after: first.body.data!.sources.pageInfo.endCursor },
    });
    expect(ids(second.body.data)).toEqual(['meter-2']);
    expect(second.body.data!.sources.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    const hall = await fixture.graphql(SOURCE, { token: acme.admin.token, variables: { id: 'hall-1' } });
    expect(hall.body.data).toEqual({ source: { id: 'hall-1', owner: acme.admin.subject, lastValue: 50 } });
  });

  it("gives tenant B nothing of tenant A's through sources, source, series or a guessed id", async () => {
    for (const token of [globex.viewer.token, globex.admin.token]) {
      const listed = await fixture.graphql<SourcesData>(SOURCES, { token });
      expect(ids(listed.body.data)).not.toContain('meter-2');
      expect(ids(listed.body.data)).not.toContain('hall-1');
      // Same id, other tenant: globex's own meter-1, never acme's.
      const same = await fixture.graphql(SOURCE, { token, variables: { id: 'meter-1' } });
      expect(same.body.data).toMatchObject({ source: { id: 'meter-1', lastValue: 999 } });
      for (const guessed of ['meter-2', 'hall-1']) {
        expect((await fixture.graphql(SOURCE, { token, variables: { id: guessed } })).body.data).toEqual({
          source: null,
        });
        const series = await fixture.graphql(SERIES, {
          token,
          variables: { sourceId: guessed, from: now - 60_000, to: now + 60_000 },
        });
        expect(series.body.data).toBeNull();
        expect(series.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
      const theirs = await fixture.graphql<{ series: { points: { value: number }[] } }>(SERIES, {
        token,
        variables: { sourceId: 'meter-1', from: now - 60_000, to: now + 60_000 },
      });
      expect(theirs.body.data!.series.points.map((point) => point.value)).toEqual([999]);
    }
  });

  it("refuses a viewer another user's source in series, and serves its own from the read models", async () => {
    const refused = await fixture.graphql(SERIES, {
      token: acme.viewer.token,
      variables: { sourceId: 'hall-1', from: now - 60_000, to: now + 60_000 },
    });
    expect(refused.body.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const raw = await fixture.graphql<{
      series: { resolution: string; points: { t: number; value: number }[] };
    }>(SERIES, {
      token: acme.viewer.token,
      variables: { sourceId: 'meter-1', from: now - 60_000, to: now + 60_000 },
    });
    expect(raw.body.data!.series).toMatchObject({
      resolution: 'RAW',
      points: [
        { t: now - 2_000, value: 1 },
        { t: now - 1_000, value: 2 },
      ],
    });
    const minutes = await fixture.graphql<{ series: { points: { count: number; max: number }[] } }>(SERIES, {
      token: acme.viewer.token,
      variables: { sourceId: 'meter-1', from: now - 3_600_000, to: now + 60_000, resolution: 'MINUTE' },
    });
    const points = minutes.body.data!.series.points;
    expect(points.reduce((sum, point) => sum + point.count, 0)).toBe(2);
    expect(Math.max(...points.map((point) => point.max))).toBe(2);
  });

  it('refuses ops-only fields to every tenant role, and tenant data to a platform token', async () => {
    for (const token of [acme.viewer.token, acme.admin.token, acme.producer.token, globex.admin.token]) {
      const { status, body } = await fixture.graphql('{ projections { name } }', { token });
      expect(status).toBe(200);
      expect(body).toMatchObject({ data: null, errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    }
    const ops = await fixture.opsToken();
    const tenantData = await fixture.graphql(SOURCES, { token: ops });
    expect(tenantData.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const projections = await fixture.graphql<{
      projections: { name: string; status: string; lag: string }[];
    }>('{ projections { name version status position head lag progress eventsApplied } }', { token: ops });
    expect(projections.body.data!.projections.map((projection) => projection.name).sort()).toEqual([
      'catalogue',
      'timeseries',
    ]);
    expect(projections.body.data!.projections.every((projection) => projection.status === 'LIVE')).toBe(true);
  });

  it("gives a tenant-admin its tenant's producer clients and users, and no one else", async () => {
    const IDENTITIES =
      '{ producerClients { clientId secretRotations } users { username email roles subject } }';
    const { body } = await fixture.graphql(IDENTITIES, { token: acme.admin.token });
    // Each user with the subject its tokens carry (recorded by the reconciler), which sources' owners hold.
    expect(body.data).toEqual({
      producerClients: [{ clientId: 'qry-acme-meter', secretRotations: 0 }],
      users: [
        {
          username: 'admin',
          email: 'admin@qry-acme.test',
          roles: ['tenant-admin'],
          subject: acme.admin.subject,
        },
        {
          username: 'viewer',
          email: 'viewer@qry-acme.test',
          roles: ['viewer'],
          subject: acme.viewer.subject,
        },
      ],
    });
    const globexView = await fixture.graphql(IDENTITIES, { token: globex.admin.token });
    expect(JSON.stringify(globexView.body.data)).not.toContain('qry-acme');
    expect(JSON.stringify(globexView.body.data)).not.toContain(acme.admin.subject);
    for (const token of [acme.viewer.token, acme.producer.token, await fixture.opsToken()]) {
      const refused = await fixture.graphql('{ users { username } }', { token });
      expect(refused.body).toMatchObject({ data: null, errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    }
  });

  it('refuses a producer (a machine) and a token without a role any reading', async () => {
    const { body } = await fixture.graphql(SOURCES, { token: acme.producer.token });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const me = await fixture.graphql('{ me { tenant subject roles } }', { token: acme.producer.token });
    expect(me.body.data).toMatchObject({
      me: { tenant: 'qry-acme', roles: expect.arrayContaining(['producer']) },
    });
  });
});
