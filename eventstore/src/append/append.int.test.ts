import { describe, expect, it } from 'vitest';
import { collect, event, useEventStore } from '../test-support/event-store-fixture.js';
import { IdempotencyKeyReused, WrongExpectedVersion } from '../errors.js';

const fixture = useEventStore();

describe('append', () => {
  it('appends to a new stream and reads it back in order', async () => {
    const result = await fixture.store.append({
      tenant: 'acme',
      streams: [
        {
          streamId: 'source-1',
          expectedVersion: 'no_stream',
          events: [event('A', { n: 1 }), event('B', { n: 2 })],
        },
      ],
    });
    expect(result.duplicate).toBe(false);
    expect(result.streams).toEqual([expect.objectContaining({ streamId: 'source-1', version: 2 })]);
    const events = await collect(fixture.store.readStream('acme', 'source-1'));
    expect(events.map((e) => [e.type, e.streamVersion, e.data])).toEqual([
      ['A', 1, { n: 1 }],
      ['B', 2, { n: 2 }],
    ]);
    expect(events[1]!.position).toBeGreaterThan(events[0]!.position);
  });

  it('checks every kind of expected version and reports the actual version on conflict', async () => {
    const append = (expectedVersion: 'any' | 'no_stream' | 'exists' | number) =>
      fixture.store.append({
        tenant: 'acme',
        streams: [{ streamId: 'ev', expectedVersion, events: [event('X')] }],
      });
    await expect(append('exists')).rejects.toMatchObject({ code: 'wrong_expected_version', actual: 0 });
    await append('no_stream');
    await expect(append('no_stream')).rejects.toBeInstanceOf(WrongExpectedVersion);
    await append('exists');
    await append(2);
    const conflict = await append(2).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(WrongExpectedVersion);
    expect(conflict).toMatchObject({ streamId: 'ev', expected: 2, actual: 3 });
    await append('any');
    const events = await collect(fixture.store.readStream('acme', 'ev'));
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
  });

  it('writes several streams in one transaction, or none when one expectation fails', async () => {
    await fixture.store.append({
      tenant: 'acme',
      streams: [
        { streamId: 'multi-a', events: [event('A')] },
        { streamId: 'multi-b', events: [event('B'), event('B')] },
      ],
    });
    await expect(
      fixture.store.append({
        tenant: 'acme',
        streams: [
          { streamId: 'multi-a', expectedVersion: 1, events: [event('A2')] },
          { streamId: 'multi-b', expectedVersion: 1, events: [event('B2')] },
        ],
      }),
    ).rejects.toMatchObject({ streamId: 'multi-b', actual: 2 });
    expect((await collect(fixture.store.readStream('acme', 'multi-a'))).map((e) => e.type)).toEqual(['A']);
    const [a, b] = [
      await collect(fixture.store.readStream('acme', 'multi-a')),
      await collect(fixture.store.readStream('acme', 'multi-b')),
    ];
    expect(a[0]!.transactionId).toBe(b[0]!.transactionId);
  });

  it('returns the first result for a repeated idempotency key and writes nothing', async () => {
    const request = {
      tenant: 'acme',
      idempotencyKey: 'batch-42',
      streams: [{ streamId: 'idem', events: [event('A', { v: 1 })] }],
    };
    const first = await fixture.store.append(request);
    const again = await fixture.store.append(request);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await collect(fixture.store.readStream('acme', 'idem'))).toHaveLength(1);
    await expect(
      fixture.store.append({ ...request, streams: [{ streamId: 'idem', events: [event('A', { v: 2 })] }] }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
    // Keys are per tenant.
    const other = await fixture.store.append({ ...request, tenant: 'globex' });
    expect(other.duplicate).toBe(false);
  });

  it('appends once when the same idempotent request races with itself', async () => {
    const request = {
      tenant: 'acme',
      idempotencyKey: 'race',
      streams: [{ streamId: 'race', events: [event('A')] }],
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => fixture.store.append(request)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await collect(fixture.store.readStream('acme', 'race'))).toHaveLength(1);
  });

  it('lets a conflicting idempotent append be retried with the same key once it is fixed', async () => {
    await fixture.store.append({ tenant: 'acme', streams: [{ streamId: 'retry', events: [event('A')] }] });
    const request = (expectedVersion: number) => ({
      tenant: 'acme',
      idempotencyKey: 'retry-key',
      streams: [{ streamId: 'retry', expectedVersion, events: [event('B')] }],
    });
    await expect(fixture.store.append(request(0))).rejects.toBeInstanceOf(WrongExpectedVersion);
    // The body differs (expected version), but the failed attempt recorded nothing under the key.
    const result = await fixture.store.append(request(1));
    expect(result.streams[0]!.version).toBe(2);
  });

  it('compares a caller-given fingerprint instead of the events, and finds a key before appending', async () => {
    const request = (fingerprint: string, correlationId: string) => ({
      tenant: 'acme',
      idempotencyKey: 'http-1',
      idempotencyFingerprint: fingerprint,
      streams: [{ streamId: 'fp', events: [{ ...event('A', { v: 1 }), metadata: { correlationId } }] }],
    });
    const lookup = { tenant: 'acme', idempotencyKey: 'http-1', idempotencyFingerprint: 'body-1' };
    expect(await fixture.store.findIdempotentAppend(lookup)).toBeUndefined();
    const first = await fixture.store.append(request('body-1', 'c1'));
    // A retry carries fresh metadata; the same fingerprint makes it the same request.
    expect(await fixture.store.append(request('body-1', 'c2'))).toEqual({ ...first, duplicate: true });
    expect(await fixture.store.findIdempotentAppend(lookup)).toEqual({ ...first, duplicate: true });
    await expect(fixture.store.append(request('body-2', 'c1'))).rejects.toBeInstanceOf(IdempotencyKeyReused);
    await expect(
      fixture.store.findIdempotentAppend({ ...lookup, idempotencyFingerprint: 'body-2' }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
    // Another tenant cannot see the key.
    expect(await fixture.store.findIdempotentAppend({ ...lookup, tenant: 'globex' })).toBeUndefined();
    expect(await collect(fixture.store.readStream('acme', 'fp'))).toHaveLength(1);
  });
});
