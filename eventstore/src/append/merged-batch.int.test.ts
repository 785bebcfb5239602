import { describe, expect, it } from 'vitest';
import { event, useEventStore } from '../test-support/event-store-fixture.js';
import { appendBatch as appendOn } from '../test-support/append-batch.js';
import type { AppendOutcome } from './group-commit.js';
import type { AppendRequest } from '../types.js';

const fixture = useEventStore();
const appendBatch = (requests: AppendRequest[]) => appendOn(fixture.admin, requests);

const one = (
  streamId: string,
  expectedVersion: AppendRequest['streams'][number]['expectedVersion'],
  n = 1,
) => ({
  streamId,
  expectedVersion,
  events: Array.from({ length: n }, (_, i) => event('Step', { streamId, i })),
});

describe('chronicle.append applies a merged batch request by request', () => {
  it('orders requests that share a stream or a key, and keeps failures to themselves', async () => {
    const requests: AppendRequest[] = [
      { tenant: 'acme', streams: [one('shared', 'any', 2)] }, // 0: shared v1..2
      { tenant: 'acme', streams: [one('shared', 2)] }, // 1: sees v2, writes v3
      { tenant: 'acme', streams: [one('fresh-a', 'no_stream'), one('shared', 2)] }, // 2: stale: nothing
      { tenant: 'acme', idempotencyKey: 'k-1', streams: [one('keyed', 'any')] }, // 3: keyed v1
      { tenant: 'acme', idempotencyKey: 'k-1', streams: [one('keyed', 'any')] }, // 4: same request again
      { tenant: 'acme', idempotencyKey: 'k-1', streams: [one('other', 'any')] }, // 5: same key, other body
      { tenant: 'acme', streams: [one('never', 5)] }, // 6: a new stream expected at 5
      { tenant: 'globex', streams: [one('shared', 'no_stream')] }, // 7: another tenant's own stream
      { tenant: 'acme', streams: [one('fresh-a', 'no_stream'), one('shared', 3)] }, // 8: after 1: fine
    ];
    const outcomes = await appendBatch(requests);

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'ok',
      'ok',
      'conflict',
      'ok',
      'duplicate',
      'key_reused',
      'conflict',
      'ok',
      'ok',
    ]);
    const versions = (outcome: AppendOutcome) =>
      outcome.status === 'ok' ? outcome.streams.map((stream) => [stream.id, stream.version]) : null;
    expect(versions(outcomes[0]!)).toEqual([['shared', 2]]);
    expect(versions(outcomes[1]!)).toEqual([['shared', 3]]);
    expect(outcomes[2]).toEqual({ status: 'conflict', stream: 'shared', expected: 2, actual: 3 });
    expect(outcomes[4]).toEqual({ status: 'duplicate', result: outcomes[3] });
    expect(outcomes[6]).toEqual({ status: 'conflict', stream: 'never', expected: 5, actual: 0 });
    expect(versions(outcomes[7]!)).toEqual([['shared', 1]]);
    expect(versions(outcomes[8]!)).toEqual([
      ['fresh-a', 1],
      ['shared', 4],
    ]);

    // Each ok request's positions are those of its own events.
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status !== 'ok') continue;
      for (const stream of outcome.streams) {
        const { rows } = await fixture.admin.query<{ first: string; last: string }>(
          `SELECT min(global_position)::text AS first, max(global_position)::text AS last
             FROM chronicle.events WHERE tenant_id = $1 AND stream_id = $2 AND stream_version > $3
              AND stream_version <= $4`,
          [
            requests[index]!.tenant,
            stream.id,
            stream.version - requests[index]!.streams.find((s) => s.streamId === stream.id)!.events.length,
            stream.version,
          ],
        );
        expect([String(stream.firstPosition), String(stream.lastPosition)]).toEqual([
          rows[0]!.first,
          rows[0]!.last,
        ]);
      }
    }

    const { rows: streams } = await fixture.admin.query<{
      tenant_id: string;
      stream_id: string;
      version: string;
    }>(`SELECT tenant_id, stream_id, version::text FROM chronicle.streams ORDER BY 1, 2`);
    // The failed requests left no head ('never') and the stale one claimed nothing ('fresh-a' is request 8's).
    expect(streams.map((row) => `${row.tenant_id}/${row.stream_id}@${row.version}`)).toEqual([
      'acme/fresh-a@1',
      'acme/keyed@1',
      'acme/shared@4',
      'globex/shared@1',
    ]);
    const verified = await fixture.store.verifyTenant('acme');
    expect(verified).toMatchObject({ streams: 3, events: 6, broken: [] });
  });
});
