import { describe, expect, it } from 'vitest';
import { InvalidAppend } from '../errors.js';
import { event, useEventStore } from '../test-support/event-store-fixture.js';
import type { AppendRequest } from '../types.js';
import { serialiseAppend } from './serialise-append.js';

const fixture = useEventStore({ maxEventBytes: 64 * 1024 });

const sharedBadMetadata = { actor: 'u1', at: NaN };
const circular: Record<string, unknown> = { name: 'loop' };
circular.self = circular;

const bad: [string, AppendRequest, string, RegExp][] = [
  [
    'an invalid tenant id',
    { tenant: 'Acme Corp', streams: [{ streamId: 's', events: [event('A')] }] },
    'invalid_tenant',
    /tenant id "Acme Corp"/,
  ],
  [
    'a tenant id with SQL in it',
    { tenant: "a'; DROP TABLE x; --", streams: [{ streamId: 's', events: [event('A')] }] },
    'invalid_tenant',
    /tenant id/,
  ],
  ['no streams', { tenant: 'acme', streams: [] }, 'empty_append', /at least one stream/],
  [
    'an empty event list',
    { tenant: 'acme', streams: [{ streamId: 's', events: [] }] },
    'empty_append',
    /stream 's' has no events/,
  ],
  [
    'an empty stream id',
    { tenant: 'acme', streams: [{ streamId: '', events: [event('A')] }] },
    'invalid_stream_id',
    /stream id ""/,
  ],
  [
    'a stream id with a newline',
    { tenant: 'acme', streams: [{ streamId: 'a\nb', events: [event('A')] }] },
    'invalid_stream_id',
    /control characters/,
  ],
  [
    'the same stream twice',
    {
      tenant: 'acme',
      streams: [
        { streamId: 's', events: [event('A')] },
        { streamId: 's', events: [event('A')] },
      ],
    },
    'duplicate_stream',
    /appears twice/,
  ],
  [
    'a bad event type',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('has space')] }] },
    'invalid_event_type',
    /event 0 of stream 's': type "has space"/,
  ],
  [
    'a bad schema version',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('A', {}, 0)] }] },
    'invalid_schema_version',
    /schema version/,
  ],
  [
    'a schema version above what the column holds',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('A', {}, 2 ** 31)] }] },
    'invalid_schema_version',
    /schema version must be an integer from 1 to 2147483647/,
  ],
  [
    'a bad expected version',
    { tenant: 'acme', streams: [{ streamId: 's', expectedVersion: -1, events: [event('A')] }] },
    'invalid_expected_version',
    /expected version -1/,
  ],
  [
    'NaN in data',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('A', { value: NaN })] }] },
    'unserialisable_data',
    /data field 'value' is NaN/,
  ],
  [
    'Infinity in a nested array',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('A', { points: [1, Infinity] })] }] },
    'unserialisable_data',
    /field '1' is Infinity/,
  ],
  [
    'a circular structure',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('A', circular)] }] },
    'unserialisable_data',
    /circular/i,
  ],
  [
    'a bigint',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('A', { n: 1n })] }] },
    'unserialisable_data',
    /field 'n' is a bigint/,
  ],
  [
    'a function',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('A', { f: () => 1 })] }] },
    'unserialisable_data',
    /field 'f' is a function/,
  ],
  [
    'a NUL character',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('A', { s: 'a\u0000b' })] }] },
    'unserialisable_data',
    /NUL/,
  ],
  [
    'an oversized event',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('A', { blob: 'x'.repeat(70_000) })] }] },
    'event_too_large',
    /event 0 of stream 's' is \d+ bytes serialised, above the limit of 65536/,
  ],
  [
    // 22,000 characters but 66,000 bytes: the limit is on UTF-8 bytes, not on characters.
    'an event over the limit only in UTF-8 bytes',
    { tenant: 'acme', streams: [{ streamId: 's', events: [event('A', { blob: '€'.repeat(22_000) })] }] },
    'event_too_large',
    /event 0 of stream 's' is 660\d\d bytes serialised, above the limit of 65536/,
  ],
  [
    'bad metadata shared by every event of the append',
    {
      tenant: 'acme',
      streams: [
        {
          streamId: 's',
          events: [1, 2].map(() => ({ ...event('A'), metadata: sharedBadMetadata })),
        },
      ],
    },
    'unserialisable_data',
    /event 0 of stream 's': metadata field 'at' is NaN/,
  ],
  [
    'a bad idempotency key',
    { tenant: 'acme', idempotencyKey: 'has space', streams: [{ streamId: 's', events: [event('A')] }] },
    'invalid_idempotency_key',
    /idempotency key/,
  ],
];

describe('bad input', () => {
  it.each(bad)(
    'rejects %s with a typed error that names it, and writes nothing',
    async (_, request, code, message) => {
      const before = await counts();
      const error = await fixture.store.append(request).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidAppend);
      expect(error).toMatchObject({ code });
      expect((error as Error).message).toMatch(message);
      expect(await counts()).toEqual(before);
    },
  );

  it('rejects a whole multi-stream append when a later stream is bad, writing nothing of the good one', async () => {
    const before = await counts();
    await expect(
      fixture.store.append({
        tenant: 'acme',
        streams: [
          { streamId: 'good', events: [event('A')] },
          { streamId: 'bad', events: [event('A', { v: NaN })] },
        ],
      }),
    ).rejects.toBeInstanceOf(InvalidAppend);
    expect(await counts()).toEqual(before);
  });

  it('still accepts good appends afterwards', async () => {
    await fixture.store.append({
      tenant: 'acme',
      streams: [{ streamId: 'fine', events: [event('A', { unset: undefined, ok: 1 })] }],
    });
    const { rows } = await fixture.admin.query(`SELECT data FROM chronicle.events WHERE stream_id = 'fine'`);
    expect(rows).toEqual([{ data: { ok: 1 } }]);
  });

  it('stores metadata shared by several events with each of them, sent once and hashed as stored', async () => {
    const metadata = { correlationId: 'c-1', actor: 'ü-subject' };
    const other = { correlationId: 'c-2' };
    const request = {
      tenant: 'acme',
      streams: [
        { streamId: 'shared-a', events: [1, 2].map((n) => ({ ...event('A', { n }), metadata })) },
        { streamId: 'shared-b', events: [{ ...event('A', { n: 3 }), metadata }] },
        {
          streamId: 'shared-c',
          events: [
            { ...event('A', { n: 4 }), metadata },
            { ...event('A', { n: 5 }), metadata: other },
          ],
        },
      ],
    };
    // On the wire: once for shared-a, once for shared-b's one event, and per event for shared-c.
    const { json } = serialiseAppend(request, { maxEventBytes: 1e6 });
    expect(json.split('"correlationId":"c-1"')).toHaveLength(4);
    await fixture.store.append(request);
    const { rows } = await fixture.admin.query(
      `SELECT data, metadata FROM chronicle.events WHERE stream_id LIKE 'shared-%' ORDER BY global_position`,
    );
    expect(rows).toEqual([
      ...[1, 2, 3, 4].map((n) => ({ data: { n }, metadata })),
      { data: { n: 5 }, metadata: other },
    ]);
    await expectIntact({ 'shared-a': 2, 'shared-b': 1, 'shared-c': 2 });
  });
});

describe("type and schema version shared by a stream's events", () => {
  it('are sent once with the stream, stored with each event and hashed as stored', async () => {
    const request = {
      tenant: 'acme',
      streams: [
        { streamId: 'typed-a', events: [1, 2, 3].map((n) => event('Counted', { n }, 2)) },
        { streamId: 'typed-b', events: [event('Counted', { n: 4 }, 2), event('Counted', { n: 5 }, 3)] },
        { streamId: 'typed-c', events: [event('Counted', { n: 6 }, 2), event('Other', { n: 7 }, 2)] },
      ],
    };
    // Once for typed-a, per event for typed-b (versions differ) and typed-c (types differ).
    const { json } = serialiseAppend(request, { maxEventBytes: 1e6 });
    expect(json.split('"type":"Counted"')).toHaveLength(1 + 1 + 2 + 1);
    await fixture.store.append(request);
    const { rows } = await fixture.admin.query(
      `SELECT stream_id, event_type, schema_version, data FROM chronicle.events
        WHERE stream_id LIKE 'typed-%' ORDER BY global_position`,
    );
    expect(rows).toEqual([
      ...[1, 2, 3].map((n) => ({
        stream_id: 'typed-a',
        event_type: 'Counted',
        schema_version: 2,
        data: { n },
      })),
      { stream_id: 'typed-b', event_type: 'Counted', schema_version: 2, data: { n: 4 } },
      { stream_id: 'typed-b', event_type: 'Counted', schema_version: 3, data: { n: 5 } },
      { stream_id: 'typed-c', event_type: 'Counted', schema_version: 2, data: { n: 6 } },
      { stream_id: 'typed-c', event_type: 'Other', schema_version: 2, data: { n: 7 } },
    ]);
    await expectIntact({ 'typed-a': 3, 'typed-b': 2, 'typed-c': 2 });
  });
});

/** Every stream's chain checks out against its head: the hashes cover the events as stored. */
async function expectIntact(versions: Record<string, number>): Promise<void> {
  for (const [stream, version] of Object.entries(versions)) {
    expect(await fixture.store.verifyStream('acme', stream)).toEqual({ intact: true, version });
  }
}

async function counts(): Promise<Record<string, string>> {
  const { rows } = await fixture.admin.query<Record<string, string>>(`SELECT
    (SELECT count(*) FROM chronicle.events) AS events,
    (SELECT count(*) FROM chronicle.streams) AS streams,
    (SELECT count(*) FROM chronicle.idempotency_keys) AS keys`);
  return rows[0]!;
}
