import { describe, expect, it } from 'vitest';
import { event, useEventStore } from '../test-support/event-store-fixture.js';

const fixture = useEventStore();

describe('verifying a whole tenant', () => {
  it('finds every stream intact, then names each stream tampered with by hand', async () => {
    for (const tenant of ['acme', 'globex']) {
      for (let i = 1; i <= 3; i++) {
        await fixture.store.append({
          tenant,
          streams: [1, 2, 3].map((s) => ({ streamId: `s-${s}`, events: [event('Happened', { i, s })] })),
        });
      }
    }
    expect(await fixture.store.verifyTenant('acme')).toEqual({ streams: 3, events: 9, broken: [] });

    await fixture.admin.query(
      `UPDATE chronicle.events SET data = '{"forged": true}'
        WHERE tenant_id = 'acme' AND stream_id = 's-2' AND stream_version = 2`,
    );
    // An event forged into a stream no head knows of.
    await fixture.admin.query(
      `INSERT INTO chronicle.events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version,
                                     data, metadata, recorded_at, transaction_id, hash)
       VALUES ('acme', 's-forged', 1, gen_random_uuid(), 'Happened', 1, '{}', '{}', now(),
               pg_current_xact_id(), '\\x00')`,
    );
    const verified = await fixture.store.verifyTenant('acme');
    expect(verified.streams).toBe(4);
    expect(
      verified.broken.map(({ streamId, problem }) => [streamId, problem.kind, problem.streamVersion]),
    ).toEqual([
      ['s-2', 'altered', 2],
      ['s-forged', 'inserted', 1],
    ]);
    expect(verified.broken[0]!.message).toContain("stream 's-2': event version 2 was altered");
    // The other tenant is untouched by what was done to this one.
    expect((await fixture.store.verifyTenant('globex')).broken).toEqual([]);
  });
});
