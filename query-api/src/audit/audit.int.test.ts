import { beforeAll, describe, expect, it } from 'vitest';
import type { TestTenant } from '@chronicle/command-api/testing';
import { useQueryApi } from '../test-support/query-api-fixture.js';

const fixture = useQueryApi();

const EVENTS = `query Events($filter: EventFilter, $first: Int, $after: String) {
  events(filter: $filter, first: $first, after: $after) {
    edges { cursor node { eventId position streamId streamVersion type schemaVersion recordedAt data metadata actor hash } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const SERIES_AS_OF = `query AsOf($sourceId: ID!, $from: EpochMillis!, $to: EpochMillis!, $asOf: AsOf!) {
  seriesAsOf(sourceId: $sourceId, from: $from, to: $to, asOf: $asOf) { points { t value } }
}`;
const STREAM = `query Stream($id: ID!, $asOf: AsOf) { stream(id: $id, asOf: $asOf) { id version position kind state } }`;
const VERIFY = `query Verify($id: ID!) {
  verifyStream(id: $id) { streamId intact version problem { kind streamVersion message } }
}`;

interface EventsData {
  events: {
    edges: {
      cursor: string;
      node: { streamId: string; type: string; actor: string | null; data: unknown; position: string };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Auditors read the tenant's history as stored, travel in time, check the hash chain, export the log. */
describe('audit', () => {
  let acme: TestTenant;
  let globex: TestTenant;
  let auditor: { token: string; subject: string };
  let globexAuditor: { token: string; subject: string };
  const t0 = Date.now() - 120_000;
  let firstWrite: bigint;

  beforeAll(async () => {
    [acme, globex] = await Promise.all([
      fixture.createTenant('audit-acme'),
      fixture.createTenant('audit-globex'),
    ]);
    [auditor, globexAuditor] = await Promise.all([fixture.auditor(acme), fixture.auditor(globex)]);
    await fixture.registerSource(acme, 'meter-1');
    await fixture.registerSource(acme, 'acme-only');
    firstWrite = await fixture.record(acme, 'meter-1', [
      { t: t0, v: 10 },
      { t: t0 + 1_000, v: 20 },
    ]);
    const corrected = await fixture.commands.request('POST', '/api/sources/meter-1/corrections', {
      token: acme.admin.token,
      body: { points: [{ t: t0, v: 11 }], reason: 'meter was misread' },
    });
    expect(corrected.status).toBe(201);
    await fixture.commands.request('POST', '/api/sources/meter-1/rename', {
      token: acme.admin.token,
      body: { name: 'Renamed meter' },
    });
    await fixture.projected();
  }, 240_000);

  it("lists the tenant's events with their metadata, filtered and page by page", async () => {
    const { body } = await fixture.graphql<EventsData>(EVENTS, {
      token: auditor.token,
      variables: { filter: { streamId: 'source-meter-1' }, first: 1 },
    });
    const first = body.data!.events;
    expect(first.edges[0]!.node).toMatchObject({
      streamId: 'source-meter-1',
      type: 'SourceRegistered',
      actor: acme.admin.subject,
      data: expect.objectContaining({ sourceId: 'meter-1', ownerSubject: acme.viewer.subject }),
    });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await fixture.graphql<EventsData>(EVENTS, {
      token: auditor.token,
      variables: { filter: { streamId: 'source-meter-1' }, first: 10, after: first.pageInfo.endCursor },
    });
    expect(next.body.data!.events.edges.map((edge) => edge.node.type)).toEqual(['SourceRenamed']);

    const corrections = await fixture.graphql<EventsData>(EVENTS, {
      token: auditor.token,
      variables: { filter: { types: ['MeasurementsCorrected'], actor: acme.admin.subject } },
    });
    expect(corrections.body.data!.events.edges.map((edge) => edge.node.data)).toEqual([
      expect.objectContaining({ sourceId: 'meter-1', reason: 'meter was misread' }),
    ]);
    const upTo = await fixture.graphql<EventsData>(EVENTS, {
      token: auditor.token,
      variables: { filter: { streamId: 'measurements-meter-1', toPosition: String(firstWrite) } },
    });
    expect(upTo.body.data!.events.edges.map((edge) => edge.node.type)).toEqual(['MeasurementsRecorded']);
  });

  it('lets auditors read but not write, and other roles not read the log', async () => {
    for (const [path, body] of [
      ['/api/messages', { sourceId: 'meter-1', points: [{ t: Date.now(), v: 1 }] }],
      ['/api/sources', { sourceId: 'sneaky', name: 'Sneaky', ownerSubject: auditor.subject }],
    ] as const) {
      const { status } = await fixture.commands.request('POST', path, { token: auditor.token, body });
      expect({ path, status }).toEqual({ path, status: 403 });
    }
    for (const token of [
      acme.viewer.token,
      acme.admin.token,
      acme.producer.token,
      await fixture.opsToken(),
    ]) {
      const { body } = await fixture.graphql(EVENTS, { token });
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('answers what the dashboard showed before a correction, and the corrected values now', async () => {
    const variables = { sourceId: 'meter-1', from: t0, to: t0 + 60_000 };
    const before = await fixture.graphql<{ seriesAsOf: { points: { t: number; value: number }[] } }>(
      SERIES_AS_OF,
      {
        token: auditor.token,
        variables: { ...variables, asOf: { position: String(firstWrite) } },
      },
    );
    expect(before.body.data!.seriesAsOf.points).toEqual([
      { t: t0, value: 10 },
      { t: t0 + 1_000, value: 20 },
    ]);
    const asOfNow = await fixture.graphql<{ seriesAsOf: { points: { value: number }[] } }>(SERIES_AS_OF, {
      token: auditor.token,
      variables: { ...variables, asOf: { time: new Date().toISOString() } },
    });
    expect(asOfNow.body.data!.seriesAsOf.points.map((point) => point.value)).toEqual([11, 20]);
    const current = await fixture.graphql<{ series: { points: { value: number }[] } }>(
      'query S($sourceId: ID!, $from: EpochMillis!, $to: EpochMillis!) { series(sourceId: $sourceId, from: $from, to: $to) { points { value } } }',
      { token: acme.viewer.token, variables },
    );
    expect(current.body.data!.series.points.map((point) => point.value)).toEqual([11, 20]);
  });

  it("folds a stream as of a moment: the source's name before and after its rename", async () => {
    const now = await fixture.graphql<{
      stream: { version: number; state: { name: string; status: string } };
    }>(STREAM, {
      token: auditor.token,
      variables: { id: 'source-meter-1' },
    });
    expect(now.body.data!.stream).toMatchObject({
      version: 2,
      state: { name: 'Renamed meter', status: 'active' },
    });
    const then = await fixture.graphql<{ stream: { version: number; state: { name: string } } }>(STREAM, {
      token: auditor.token,
      variables: { id: 'source-meter-1', asOf: { position: String(firstWrite) } },
    });
    expect(then.body.data!.stream).toMatchObject({ version: 1, state: { name: 'Source meter-1' } });
    const tenant = await fixture.graphql<{
      stream: { state: { status: string; users: Record<string, unknown> } };
    }>(STREAM, { token: auditor.token, variables: { id: 'tenant' } });
    expect(tenant.body.data!.stream.state.status).toBe('active');
    expect(Object.keys(tenant.body.data!.stream.state.users)).toEqual(
      expect.arrayContaining(['admin', 'auditor']),
    );
  });

  it('verifies a stream’s hash chain, and names the event an edit broke', async () => {
    const intact = await fixture.graphql(VERIFY, {
      token: auditor.token,
      variables: { id: 'source-acme-only' },
    });
    expect(intact.body.data).toEqual({
      verifyStream: { streamId: 'source-acme-only', intact: true, version: 1, problem: null },
    });
    await fixture.commands.sql.query(
      `UPDATE chronicle.events SET data = data || '{"name": "Forged"}'
        WHERE tenant_id = 'audit-acme' AND stream_id = 'source-acme-only' AND stream_version = 1`,
    );
    const broken = await fixture.graphql(VERIFY, {
      token: auditor.token,
      variables: { id: 'source-acme-only' },
    });
    expect(broken.body.data).toMatchObject({
      verifyStream: { intact: false, version: null, problem: { kind: 'ALTERED', streamVersion: 1 } },
    });

    const TENANT = '{ verifyTenant { streams events intact broken { streamId problem { kind } } } }';
    const tenantCheck = await fixture.graphql(TENANT, { token: auditor.token });
    // tenant, source-acme-only, source-meter-1, measurements-meter-1.
    expect(tenantCheck.body.data).toMatchObject({
      verifyTenant: {
        streams: 4,
        intact: false,
        broken: [{ streamId: 'source-acme-only', problem: { kind: 'ALTERED' } }],
      },
    });
    // Tenant B's chains are its own, and intact.
    const globexCheck = await fixture.graphql(TENANT, { token: globexAuditor.token });
    expect(globexCheck.body.data).toMatchObject({ verifyTenant: { intact: true, broken: [] } });
  });

  it("gives tenant B's auditor nothing of tenant A's log through any audit query or the export", async () => {
    const listed = await fixture.graphql<EventsData>(EVENTS, {
      token: globexAuditor.token,
      variables: { filter: { streamId: 'source-acme-only' } },
    });
    expect(listed.body.data!.events.edges).toEqual([]);
    const all = await fixture.graphql<EventsData>(EVENTS, {
      token: globexAuditor.token,
      variables: { first: 500 },
    });
    expect(JSON.stringify(all.body.data)).not.toContain('acme-only');
    expect(JSON.stringify(all.body.data)).not.toContain('meter was misread');
    const stream = await fixture.graphql(STREAM, {
      token: globexAuditor.token,
      variables: { id: 'source-acme-only' },
    });
    expect(stream.body.data).toEqual({
      stream: { id: 'source-acme-only', version: 0, position: null, kind: null, state: null },
    });
    const asOf = await fixture.graphql(SERIES_AS_OF, {
      token: globexAuditor.token,
      variables: { sourceId: 'meter-1', from: t0, to: t0 + 60_000, asOf: { time: new Date().toISOString() } },
    });
    expect(asOf.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const exported = await fetch(`${fixture.api.url}/export/events`, {
      headers: { authorization: `Bearer ${globexAuditor.token}` },
    });
    expect(exported.status).toBe(200);
    const text = await exported.text();
    expect(text).not.toContain('acme-only');
    expect(text.trim().split('\n').length).toBeGreaterThan(0);
  });

  it('exports the log as NDJSON, filtered, to auditors only', async () => {
    const response = await fetch(`${fixture.api.url}/export/events?types=SourceRegistered,SourceRenamed`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; streamId: string; position: string; hash: string });
    expect(lines.map((line) => `${line.type} ${line.streamId}`)).toEqual([
      'SourceRegistered source-meter-1',
      'SourceRegistered source-acme-only',
      'SourceRenamed source-meter-1',
    ]);
    expect(lines[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    for (const [token, status] of [
      [acme.viewer.token, 403],
      [undefined, 401],
    ] as const) {
      const refused = await fetch(`${fixture.api.url}/export/events`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect(refused.status).toBe(status);
    }
    const bad = await fetch(`${fixture.api.url}/export/events?fromPosition=yesterday`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(bad.status).toBe(400);
  });
});
