import { beforeEach, describe, expect, it } from 'vitest';
import { event, useEventStore } from '../test-support/event-store-fixture.js';

const fixture = useEventStore();

/** Tampering done by hand in SQL, as someone with database access could, is named by verify. */
describe('hash chain verify', () => {
  let streamId: string;
  let n = 0;

  beforeEach(async () => {
    streamId = `audited-${++n}`;
    for (let i = 1; i <= 5; i++) {
      await fixture.store.append({
        tenant: 'acme',
        streams: [{ streamId, events: [event('Recorded', { i, note: 'ünïcödé ✓' })] }],
      });
    }
  });

  const admin = (sql: string) => fixture.admin.query(sql, [streamId]);

  it('finds an untouched stream intact', async () => {
    expect(await fixture.store.verifyStream('acme', streamId)).toEqual({ intact: true, version: 5 });
  });

  it('finds a stream intact while it is being written', async () => {
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await fixture.store.append({ tenant: 'acme', streams: [{ streamId, events: [event('Recorded')] }] });
      }
    })();
    try {
      for (let round = 0; round < 40; round++) {
        expect(await fixture.store.verifyStream('acme', streamId)).toMatchObject({ intact: true });
      }
    } finally {
      writing = false;
      await writer;
    }
  });

  it('names an event whose data was changed by UPDATE', async () => {
    await admin(
      `UPDATE chronicle.events SET data = '{"i": 300}' WHERE stream_id = $1 AND stream_version = 3`,
    );
    const result = await fixture.store.verifyStream('acme', streamId);
    expect(result).toMatchObject({ intact: false, problem: { kind: 'altered', streamVersion: 3 } });
    expect(result.intact || result.message).toContain('event version 3 was altered');
  });

  it('names an event rewritten together with a recomputed hash (the next link breaks)', async () => {
    await admin(
      `UPDATE chronicle.events SET data = '{"i": 300}' WHERE stream_id = $1 AND stream_version = 2`,
    );
    await admin(`UPDATE chronicle.events SET hash = chronicle.event_hash(
        (SELECT hash FROM chronicle.events WHERE stream_id = $1 AND stream_version = 1), tenant_id, stream_id,
        stream_version, event_id, event_type, schema_version, data, metadata, recorded_at)
      WHERE stream_id = $1 AND stream_version = 2`);
    expect(await fixture.store.verifyStream('acme', streamId)).toMatchObject({
      intact: false,
      problem: { kind: 'altered', streamVersion: 3 },
    });
  });

  it('names the metadata, type or time of an event changed by UPDATE', async () => {
    await admin(`UPDATE chronicle.events SET recorded_at = recorded_at - interval '1 day'
      WHERE stream_id = $1 AND stream_version = 4`);
    expect(await fixture.store.verifyStream('acme', streamId)).toMatchObject({
      problem: { kind: 'altered', streamVersion: 4 },
    });
  });

  it('names an event removed by DELETE', async () => {
    await admin(`DELETE FROM chronicle.events WHERE stream_id = $1 AND stream_version = 2`);
    expect(await fixture.store.verifyStream('acme', streamId)).toMatchObject({
      intact: false,
      problem: { kind: 'missing', streamVersion: 2 },
    });
  });

  it('names the last event removed by DELETE, against the stream head', async () => {
    await admin(`DELETE FROM chronicle.events WHERE stream_id = $1 AND stream_version = 5`);
    expect(await fixture.store.verifyStream('acme', streamId)).toMatchObject({
      problem: { kind: 'missing', streamVersion: 5 },
    });
  });

  it('names an event added by INSERT, even with a correctly computed hash', async () => {
    await admin(`INSERT INTO chronicle.events (tenant_id, stream_id, stream_version, event_id, event_type,
        schema_version, data, metadata, recorded_at, transaction_id, hash)
      SELECT tenant_id, stream_id, 6, gen_random_uuid(), 'Forged', 1, '{}', '{}', now(), pg_current_xact_id(),
             chronicle.event_hash(hash, tenant_id, stream_id, 6, gen_random_uuid(), 'Forged', 1, '{}', '{}', now())
        FROM chronicle.events WHERE stream_id = $1 AND stream_version = 5`);
    expect(await fixture.store.verifyStream('acme', streamId)).toMatchObject({
      intact: false,
      problem: { kind: 'inserted', streamVersion: 6 },
    });
  });

  it('verifies a long stream across read batches', async () => {
    const long = 'long-stream';
    const events = Array.from({ length: 500 }, (_, i) => event('Recorded', { i }));
    for (let i = 0; i < 12; i++) {
      await fixture.store.append({ tenant: 'acme', streams: [{ streamId: long, events }] });
    }
    expect(await fixture.store.verifyStream('acme', long)).toEqual({ intact: true, version: 6000 });
    await fixture.admin.query(
      `UPDATE chronicle.events SET metadata = '{"actor": "mallory"}' WHERE stream_id = $1 AND stream_version = 5555`,
      [long],
    );
    expect(await fixture.store.verifyStream('acme', long)).toMatchObject({
      problem: { kind: 'altered', streamVersion: 5555 },
    });
  });
});
