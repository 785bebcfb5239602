import { beforeAll, describe, expect, it } from 'vitest';
import { domainEvents, upcastDomainEvent } from '@chronicle/domain';
import { InvalidReadRequest } from '../errors.js';
import { collect, event, useEventStore } from '../test-support/event-store-fixture.js';
import { checkpointOf } from '../types.js';

const fixture = useEventStore();

describe('reading', () => {
  beforeAll(async () => {
    for (let i = 1; i <= 10; i++) {
      await fixture.store.append({
        tenant: i % 2 ? 'acme' : 'globex',
        streams: [{ streamId: 'meter', events: [event(i % 3 ? 'Reading' : 'Calibrated', { i })] }],
      });
    }
  });

  it('reads a version range of a stream in batches', async () => {
    for (let i = 0; i < 3; i++) {
      await fixture.store.append({
        tenant: 'acme',
        streams: [
          {
            streamId: 'long',
            events: Array.from({ length: 100 }, (_, j) => event('Reading', { n: i * 100 + j })),
          },
        ],
      });
    }
    const slice = await collect(
      fixture.store.readStream('acme', 'long', { fromVersion: 95, toVersion: 205, batchSize: 7 }),
    );
    expect(slice.map((e) => e.streamVersion)).toEqual(Array.from({ length: 111 }, (_, i) => 95 + i));
    expect(slice.map((e) => (e.data as { n: number }).n)).toEqual(
      Array.from({ length: 111 }, (_, i) => 94 + i),
    );
  });

  it('reads a stream as of a global position and as of a time', async () => {
    const stream = await collect(fixture.store.readStream('acme', 'meter'));
    expect(stream).toHaveLength(5);
    const asOfPosition = await collect(
      fixture.store.readStream('acme', 'meter', { asOf: { position: stream[2]!.position } }),
    );
    expect(asOfPosition.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    const asOfTime = await collect(
      fixture.store.readStream('acme', 'meter', { asOf: { time: stream[1]!.recordedAt } }),
    );
    // recordedAt is reported to the millisecond; the stored time has microseconds, so the second event may
    // fall just after; what matters is a prefix up to that time.
    expect(asOfTime.map((e) => e.streamVersion)).toEqual(asOfTime.map((_, i) => i + 1));
    expect(asOfTime.length).toBeGreaterThanOrEqual(1);
    expect(asOfTime.length).toBeLessThanOrEqual(2);
    expect(await collect(fixture.store.readStream('acme', 'meter', { asOf: { time: new Date(0) } }))).toEqual(
      [],
    );
  });

  it('reads the log from a checkpoint, filtered by tenant and by type', async () => {
    const all = await collect(fixture.store.readAll({ batchSize: 3 }));
    const meterEvents = all.filter((e) => e.streamId === 'meter');
    expect(meterEvents.map((e) => (e.data as { i: number }).i)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const after = await collect(fixture.store.readAll({ from: checkpointOf(meterEvents[3]!) }));
    expect(after.filter((e) => e.streamId === 'meter').map((e) => (e.data as { i: number }).i)).toEqual([
      5, 6, 7, 8, 9, 10,
    ]);
    const globex = await collect(fixture.store.readAll({ tenant: 'globex' }));
    expect(globex.map((e) => (e.data as { i: number }).i)).toEqual([2, 4, 6, 8, 10]);
    const calibrations = await collect(fixture.store.readAll({ types: ['Calibrated'] }));
    expect(calibrations.map((e) => (e.data as { i: number }).i)).toEqual([3, 6, 9]);
    const both = await collect(fixture.store.readAll({ tenant: 'acme', types: ['Calibrated'] }));
    expect(both.map((e) => (e.data as { i: number }).i)).toEqual([3, 9]);
  });

  it('reads every field back as stored, whatever the ids, data and filters hold', async () => {
    const streamId = `it's a "quoted" \\ stream; --`;
    const data = {
      text: 'ünïcödé ✓ "quotes" \\ back\nslash',
      nested: { list: [1, 2.5, null, true] },
      empty: {},
    };
    await fixture.store.append({
      tenant: 'acme',
      streams: [
        { streamId, events: [{ type: 'Odd.Type', schemaVersion: 3, data, metadata: { actor: "o'neil" } }] },
      ],
    });
    const [read] = await collect(fixture.store.readStream('acme', streamId));
    const [stored] = (
      await fixture.admin.query<{
        event_id: string;
        global_position: string;
        transaction_id: string;
        recorded_ms: string;
        hash: string;
      }>(
        `SELECT event_id, global_position::text, transaction_id::text, encode(hash, 'hex') AS hash,
                floor(extract(epoch FROM recorded_at) * 1000)::text AS recorded_ms
           FROM chronicle.events WHERE tenant_id = 'acme' AND stream_id = $1`,
        [streamId],
      )
    ).rows;
    expect(read).toEqual({
      type: 'Odd.Type',
      schemaVersion: 3,
      data,
      metadata: { actor: "o'neil" },
      tenant: 'acme',
      streamId,
      streamVersion: 1,
      position: BigInt(stored!.global_position),
      transactionId: BigInt(stored!.transaction_id),
      eventId: stored!.event_id,
      recordedAt: new Date(Number(stored!.recorded_ms)),
      hash: stored!.hash,
    });
    const fromLog = await collect(fixture.store.readAll({ tenant: 'acme', types: ['Odd.Type'] }));
    expect(fromLog).toEqual([read]);
    // Filter values are data, never SQL.
    const hostile = ["x'); DELETE FROM chronicle.events; --", 'a"b\\c', '{}', ''];
    expect(await collect(fixture.store.readAll({ types: hostile }))).toEqual([]);
    expect(await collect(fixture.store.readStream('acme', hostile[0]!))).toEqual([]);
    expect(await collect(fixture.store.readStream('acme', streamId))).toHaveLength(1);
  });

  it('shares one frozen metadata object among events read with the same metadata', async () => {
    const command = { correlationId: 'c-shared', actor: 'u-1', labels: { via: 'api' } };
    await fixture.store.append({
      tenant: 'acme',
      streams: [
        {
          streamId: 'metadata-sharing',
          events: [
            { ...event('A'), metadata: command },
            { ...event('A'), metadata: { ...command } },
            { ...event('A'), metadata: { correlationId: 'c-other' } },
          ],
        },
      ],
    });
    const [first, second, third] = await collect(fixture.store.readStream('acme', 'metadata-sharing'));
    expect(first!.metadata).toEqual(command);
    expect(second!.metadata).toBe(first!.metadata);
    expect(third!.metadata).toEqual({ correlationId: 'c-other' });
    expect(Object.isFrozen(first!.metadata)).toBe(true);
    expect(Object.isFrozen((first!.metadata as typeof command).labels)).toBe(true);
    expect(() => {
      (first!.metadata as { actor?: string }).actor = 'someone else';
    }).toThrow(TypeError);
  });

  it('refuses malformed read requests with a typed error', async () => {
    await expect(collect(fixture.store.readStream('NOT A TENANT', 's'))).rejects.toBeInstanceOf(
      InvalidReadRequest,
    );
    await expect(collect(fixture.store.readStream('acme', 's', { fromVersion: 0 }))).rejects.toThrow(
      /fromVersion/,
    );
    await expect(collect(fixture.store.readAll({ batchSize: 0 }))).rejects.toThrow(/batchSize/);
  });

  it('reads an event stored at an old schema version as the current one (upcasting on read)', async () => {
    const store = fixture.openStore({ upcast: upcastDomainEvent });
    // A SourceRegistered written before `unit` existed (schema version 1).
    await fixture.store.append({
      tenant: 'acme',
      streams: [
        {
          streamId: 'source-old',
          events: [
            {
              type: 'SourceRegistered',
              schemaVersion: 1,
              data: { sourceId: 'old', name: 'Old meter', ownerSubject: 'u1' },
              metadata: {},
            },
          ],
        },
      ],
    });
    const [stored] = await collect(store.readStream('acme', 'source-old'));
    expect(stored).toMatchObject({
      type: 'SourceRegistered',
      schemaVersion: domainEvents.schemaVersionOf('SourceRegistered'),
      data: { sourceId: 'old', name: 'Old meter', ownerSubject: 'u1', unit: null },
    });
    expect(stored!.schemaVersion).toBe(2);
  });
});
