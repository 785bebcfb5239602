import { beforeAll, describe, expect, it } from 'vitest';
import { useCommandApi, type TestTenant } from '../test-support/command-api-fixture.js';

const fixture = useCommandApi({ rateLimit: { capacity: 5, refillPerSecond: 1 } });

describe('per-client rate limit', () => {
  let acme: TestTenant;

  beforeAll(async () => {
    acme = await fixture.createTenant('rate-acme');
  }, 120_000);

  it('answers 429 with Retry-After once a client has used its burst, without touching other clients', async () => {
    const send = (token: string) =>
      fixture.request('POST', '/api/messages', {
        token,
        body: { sourceId: 'not-registered', points: [{ t: Date.now(), v: 1 }] },
      });
    const statuses = [];
    for (let request = 0; request < 6; request++) statuses.push((await send(acme.producer.token)).status);
    // The first five get through to the handler (which finds no such source); the sixth is limited.
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    const limited = await send(acme.producer.token);
    expect(limited).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another client of the same tenant has a bucket of its own.
    const other = await fixture.request('POST', '/api/sources', {
      token: acme.admin.token,
      body: { sourceId: 'meter-1', name: 'Meter', ownerSubject: acme.viewer.subject },
    });
    expect(other.status).toBe(201);
  });
});
