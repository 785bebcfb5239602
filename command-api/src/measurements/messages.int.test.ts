import { describe, expect, it, beforeAll } from 'vitest';
import { useCommandApi, type TestTenant } from '../test-support/command-api-fixture.js';

const fixture = useCommandApi({ maxPointsPerRequest: 10_000 });

/** Real Keycloak tokens, real PostgreSQL; every refusal must leave the event log as it was. */
describe('POST /api/messages', () => {
  let acme: TestTenant;
  let globex: TestTenant;
  const now = Date.now();
  const points = (count: number, start = now - 60_000) =>
    Array.from({ length: count }, (_, index) => ({ t: start + index, v: index * 0.5 }));

  beforeAll(async () => {
    [acme, globex] = await Promise.all([
      fixture.createTenant('msg-acme'),
      fixture.createTenant('msg-globex'),
    ]);
    await fixture.registerSource(acme, 'meter-1');
    await fixture.registerSource(acme, 'meter-2');
  }, 120_000);

  it("accepts a producer's batch and appends it as one event on the source's measurements stream", async () => {
    const response = await fixture.request('POST', '/api/messages', {
      token: acme.producer.token,
      body: { sourceId: 'meter-1', points: points(500) },
    });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 500, batches: [{ sourceId: 'meter-1', points: 500 }] });
    expect(response.headers.get('x-correlation-id')).toBeTruthy();
    const { rows } = await fixture.sql.query(
      `SELECT tenant_id, event_type, jsonb_array_length(data->'points') AS points, metadata
         FROM chronicle.events WHERE stream_id = 'measurements-meter-1'`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ tenant_id: 'msg-acme', event_type: 'MeasurementsRecorded', points: 500 }),
    ]);
    expect(rows[0].metadata).toMatchObject({
      producer: acme.producer.clientId,
      correlationId: response.headers.get('x-correlation-id'),
    });
  });

  it("writes several sources' batches in one append", async () => {
    const response = await fixture.request('POST', '/api/messages', {
      token: acme.producer.token,
      body: {
        batches: [
          { sourceId: 'meter-1', points: points(3) },
          { sourceId: 'meter-2', points: points(2) },
        ],
      },
    });
    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(5);
    const { rows } = await fixture.sql.query(
      `SELECT DISTINCT transaction_id FROM chronicle.events
        WHERE stream_id IN ('measurements-meter-1', 'measurements-meter-2')
          AND (data->'points'->0->>'v')::float = 0 AND jsonb_array_length(data->'points') < 4`,
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses a viewer (403) and a tenant admin (403): only producers write measurements', async () => {
    for (const token of [acme.viewer.token, acme.admin.token]) {
      const before = await fixture.eventCount();
      const response = await fixture.request('POST', '/api/messages', {
        token,
        body: { sourceId: 'meter-1', points: points(1) },
      });
      expect(response.status).toBe(403);
      expect(response.body.detail).toContain('producer');
      expect(await fixture.eventCount()).toBe(before);
    }
  });

  it("answers another tenant's producer 404 for a source of ours, exactly as for a source that does not exist", async () => {
    const theirs = await fixture.request('POST', '/api/messages', {
      token: globex.producer.token,
      body: { sourceId: 'meter-1', points: points(1) },
    });
    const nowhere = await fixture.request('POST', '/api/messages', {
      token: globex.producer.token,
      body: { sourceId: 'meter-404', points: points(1) },
    });
    expect(theirs.status).toBe(404);
    expect(nowhere.status).toBe(404);
    expect(theirs.body.code).toBe(nowhere.body.code);
    expect(theirs.body.detail).toBe(String(nowhere.body.detail).replace('meter-404', 'meter-1'));
    const { rows } = await fixture.sql.query(
      `SELECT 1 FROM chronicle.events WHERE tenant_id = 'msg-globex' AND stream_id LIKE 'measurements-%'`,
    );
    expect(rows).toEqual([]);
  });

  it('refuses a request without a token (401)', async () => {
    const response = await fixture.request('POST', '/api/messages', {
      body: { sourceId: 'meter-1', points: points(1) },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });

  const batch = (...pointsOf: unknown[]) => ({ sourceId: 'meter-1', points: pointsOf });
  const badInputs: {
    name: string;
    status: number;
    field: string;
    input: { body?: unknown; rawBody?: string };
  }[] = [
    {
      name: 'malformed JSON',
      status: 400,
      field: 'body',
      input: { rawBody: '{"sourceId": "meter-1", "points": [' },
    },
    {
      name: 'NaN as a literal',
      status: 400,
      field: 'body',
      input: { rawBody: '{"sourceId":"meter-1","points":[{"t":1,"v":NaN}]}' },
    },
    {
      name: 'a number as a string',
      status: 422,
      field: 'points[0].v',
      input: { body: batch({ t: now, v: '12.5' }) },
    },
    {
      name: 'a value of the wrong type',
      status: 422,
      field: 'points[0].v',
      input: { body: batch({ t: now, v: [1] }) },
    },
    {
      name: 'Infinity (an overflowing literal)',
      status: 422,
      field: 'points[0].v',
      input: { rawBody: `{"sourceId":"meter-1","points":[{"t":${now},"v":1e999}]}` },
    },
    {
      name: 'a timestamp of the wrong type',
      status: 422,
      field: 'points[0].t',
      input: { body: batch({ t: true, v: 1 }) },
    },
    {
      name: 'a missing source id',
      status: 422,
      field: 'sourceId',
      input: { body: { points: [{ t: now, v: 1 }] } },
    },
    { name: 'an empty batch', status: 422, field: 'points', input: { body: batch() } },
    { name: 'no batches', status: 422, field: 'batches', input: { body: { batches: [] } } },
    {
      name: 'an absurd timestamp',
      status: 422,
      field: 'points[0].t',
      input: { body: batch({ t: 253402300800000, v: 1 }) },
    },
    {
      name: 'a timestamp before 2000',
      status: 422,
      field: 'points[0].t',
      input: { body: batch({ t: 0, v: 1 }) },
    },
    {
      name: 'a timestamp without a zone',
      status: 422,
      field: 'points[0].t',
      input: { body: batch({ t: '2026-01-01T00:00:00', v: 1 }) },
    },
    {
      name: 'an unknown property',
      status: 422,
      field: 'points[0].w',
      input: { body: batch({ t: now, v: 1, w: 2 }) },
    },
    {
      name: 'SQL injection in the source id',
      status: 422,
      field: 'sourceId',
      input: { body: { sourceId: "meter-1'; DROP TABLE chronicle.events; --", points: [{ t: now, v: 1 }] } },
    },
    {
      name: 'a path in the source id',
      status: 422,
      field: 'sourceId',
      input: { body: { sourceId: '../../etc/passwd', points: [{ t: now, v: 1 }] } },
    },
    {
      name: 'a bad value in the second batch',
      status: 422,
      field: 'batches[1].points[1].v',
      input: {
        body: {
          batches: [
            batch({ t: now, v: 1 }),
            {
              sourceId: 'meter-2',
              points: [
                { t: now, v: 1 },
                { t: now, v: null },
              ],
            },
          ],
        },
      },
    },
    {
      name: 'a bad timestamp in the second batch',
      status: 422,
      field: 'batches[1].points[0].t',
      input: {
        body: { batches: [batch({ t: now, v: 1 }), { sourceId: 'meter-2', points: [{ t: 1, v: 1 }] }] },
      },
    },
    {
      name: 'a 10 MB body',
      status: 413,
      field: 'body',
      input: {
        rawBody: `{"sourceId":"meter-1","points":[${'{"t":1,"v":1},'.repeat(800_000)}{"t":1,"v":1}]}`,
      },
    },
    {
      name: 'more points than one request may hold',
      status: 413,
      field: 'points',
      input: { body: { sourceId: 'meter-1', points: points(10_001) } },
    },
  ];

  it.each(badInputs)(
    'refuses $name with $status naming $field, and appends nothing',
    async ({ status, field, input }) => {
      const before = await fixture.eventCount();
      const response = await fixture.request('POST', '/api/messages', {
        token: acme.producer.token,
        ...input,
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status, field });
      expect(String(response.body.detail)).not.toBe('');
      expect(await fixture.eventCount()).toBe(before);
    },
  );

  it('refuses a POST without an Idempotency-Key (400), and a reused key with another body (422)', async () => {
    const missing = await fixture.request('POST', '/api/messages', {
      token: acme.producer.token,
      key: null,
      body: { sourceId: 'meter-1', points: points(1) },
    });
    expect(missing).toMatchObject({ status: 400, body: { field: 'Idempotency-Key' } });
    const key = crypto.randomUUID();
    const first = await fixture.request('POST', '/api/messages', {
      token: acme.producer.token,
      key,
      body: { sourceId: 'meter-1', points: points(2) },
    });
    expect(first.status).toBe(202);
    const before = await fixture.eventCount();
    const reused = await fixture.request('POST', '/api/messages', {
      token: acme.producer.token,
      key,
      body: { sourceId: 'meter-1', points: points(3) },
    });
    expect(reused).toMatchObject({
      status: 422,
      body: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' },
    });
    expect(await fixture.eventCount()).toBe(before);
  });

  it('appends once when the same request is sent 5 times at once with one key, and answers each the same', async () => {
    const before = await fixture.eventCount();
    const key = crypto.randomUUID();
    const body = { sourceId: 'meter-2', points: points(100) };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        fixture.request('POST', '/api/messages', { token: acme.producer.token, key, body }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);
    expect(
      responses.filter((response) => response.headers.get('idempotent-replayed') === 'true'),
    ).toHaveLength(4);
    expect(await fixture.eventCount()).toBe(before + 1);
  });

  it('answers a retry with its first response even after the source was retired meanwhile', async () => {
    await fixture.registerSource(acme, 'meter-3');
    const key = crypto.randomUUID();
    const body = { sourceId: 'meter-3', points: points(4) };
    const first = await fixture.request('POST', '/api/messages', { token: acme.producer.token, key, body });
    expect(first.status).toBe(202);
    const retired = await fixture.request('POST', '/api/sources/meter-3/retire', { token: acme.admin.token });
    expect(retired.status).toBe(200);
    const retry = await fixture.request('POST', '/api/messages', { token: acme.producer.token, key, body });
    expect(retry).toMatchObject({ status: 202, body: first.body });
    const fresh = await fixture.request('POST', '/api/messages', { token: acme.producer.token, body });
    expect(fresh).toMatchObject({ status: 409, body: { code: 'SOURCE_RETIRED' } });
  });

  it('lets a tenant admin correct values with a reason, once per Idempotency-Key; producers may not', async () => {
    const key = crypto.randomUUID();
    const body = { points: [{ t: now - 60_000, v: 99.5 }], reason: 'meter misread' };
    const first = await fixture.request('POST', '/api/sources/meter-1/corrections', {
      token: acme.admin.token,
      key,
      body,
    });
    expect(first).toMatchObject({ status: 201, body: { sourceId: 'meter-1', corrected: 1 } });
    const again = await fixture.request('POST', '/api/sources/meter-1/corrections', {
      token: acme.admin.token,
      key,
      body,
    });
    expect(again).toMatchObject({ status: 201, body: first.body });
    const { rows } = await fixture.sql.query(
      `SELECT data FROM chronicle.events WHERE tenant_id = 'msg-acme' AND event_type = 'MeasurementsCorrected'`,
    );
    expect(rows).toEqual([
      { data: { sourceId: 'meter-1', points: [{ t: now - 60_000, v: 99.5 }], reason: 'meter misread' } },
    ]);
    const byProducer = await fixture.request('POST', '/api/sources/meter-1/corrections', {
      token: acme.producer.token,
      body,
    });
    expect(byProducer.status).toBe(403);
    const noReason = await fixture.request('POST', '/api/sources/meter-1/corrections', {
      token: acme.admin.token,
      body: { ...body, reason: ' ' },
    });
    expect(noReason).toMatchObject({ status: 422, body: { field: 'reason' } });
  });
});
