import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measurementsStreamId } from '@chronicle/domain';
import { useProjectorDatabase } from '../test-support/projector-fixture.js';
import { timeseriesProjection } from '../timeseries/timeseries-projection.js';
import type { Projection } from './projection.js';
import { CHANGES_CHANNEL } from './change-notifier.js';
import { startProjectionRunner, type ProjectionRunner } from './projection-runner.js';

const fixture = useProjectorDatabase();
const T0 = Date.UTC(2026, 1, 1);

/** A second projection, to show one projection's poison event does not stall another. */
const countingProjection: Projection = {
  name: 'counting',
  version: 1,
  generation: 1,
  eventTypes: [],
  schema: `CREATE TABLE IF NOT EXISTS chronicle_read.counting_v1 (tenant_id text PRIMARY KEY, events bigint NOT NULL)`,
  views: { counting: 'counting_v1' },
  async apply(client, range) {
    await client.query(
      `INSERT INTO chronicle_read.counting_v1 (tenant_id, events)
       SELECT tenant_id, count(*) FROM chronicle.events
        WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
          AND (transaction_id, global_position) <= ($3::text::xid8, $4::bigint)
        GROUP BY tenant_id
       ON CONFLICT (tenant_id) DO UPDATE SET events = counting_v1.events + excluded.events`,
      [
        range.from.transactionId.toString(),
        range.from.position.toString(),
        range.to.transactionId.toString(),
        range.to.position.toString(),
      ],
    );
    return [];
  },
};

describe('the projection runner', () => {
  let runner: ProjectionRunner;
  const errors: string[] = [];
  beforeAll(() => {
    runner = startProjectionRunner({
      connectionString: fixture.database.url,
      projections: [timeseriesProjection, countingProjection],
      store: fixture.store,
      batchSize: 3,
      pollIntervalMs: 50,
      onError: (error) => errors.push((error as Error).message),
    });
  });
  afterAll(() => runner?.stop());

  it('announces what each batch changed once it committed', async () => {
    const listener = new pg.Client({ connectionString: fixture.database.url });
    await listener.connect();
    const payloads: Record<string, unknown>[] = [];
    listener.on('notification', (message) =>
      payloads.push(JSON.parse(message.payload!) as Record<string, unknown>),
    );
    await listener.query(`LISTEN ${CHANGES_CHANNEL}`);
    try {
      await fixture.record('run-acme', 'meter-9', [
        { t: T0, v: 1 },
        { t: T0 + 120_000, v: 2 },
      ]);
      await runner.caughtUp();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(payloads).toContainEqual(
        expect.objectContaining({
          projection: 'timeseries',
          tenant: 'run-acme',
          sourceIds: ['meter-9'],
          from: T0,
          to: T0 + 120_000,
        }),
      );

      // Two sources an hour apart: each is announced with its own span, never the other's.
      await fixture.record('run-acme', 'meter-10', [{ t: T0, v: 1 }]);
      await fixture.record('run-acme', 'meter-11', [{ t: T0 + 3_600_000, v: 2 }]);
      await runner.caughtUp();
      const spanOf = (sourceId: string) =>
        payloads.find((payload) => (payload.sourceIds as string[]).includes(sourceId));
      for (let waited = 0; !(spanOf('meter-10') && spanOf('meter-11')) && waited < 100; waited++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(spanOf('meter-10')).toMatchObject({ sourceIds: ['meter-10'], from: T0, to: T0 });
      expect(spanOf('meter-11')).toMatchObject({
        sourceIds: ['meter-11'],
        from: T0 + 3_600_000,
        to: T0 + 3_600_000,
      });
    } finally {
      await listener.end();
    }
  });

  it('keeps each tenant to its own rows in every read-model table and view (row-level security)', async () => {
    await fixture.record('rls-a', 'meter-1', [{ t: T0, v: 1 }]);
    await fixture.record('rls-b', 'meter-1', [{ t: T0, v: 2 }]);
    await runner.caughtUp();
    const app = new pg.Client({ connectionString: fixture.database.url, options: '-c role=chronicle_app' });
    await app.connect();
    try {
      await app.query(`BEGIN; SELECT set_config('chronicle.tenant_id', 'rls-a', true)`);
      for (const table of ['timeseries_v1_points', 'timeseries_v1_rollups', 'points', 'rollups']) {
        const { rows } = await app.query<{ tenant_id: string }>(
          `SELECT DISTINCT tenant_id FROM chronicle_read.${table}`,
        );
        expect(rows, table).toEqual([{ tenant_id: 'rls-a' }]);
        const { rows: hidden } = await app.query(
          `SELECT 1 FROM chronicle_read.${table} WHERE tenant_id = 'rls-b'`,
        );
        expect(hidden, table).toEqual([]);
      }
      await app.query('COMMIT');
      // No tenant set: nothing at all.
      const { rows: none } = await app.query(`SELECT 1 FROM chronicle_read.points`);
      expect(none).toEqual([]);
    } finally {
      await app.end();
    }
  });

  it('stops a projection on a poison event with an error naming it, and the others go on', async () => {
    await fixture.record('poison', 'meter-1', [{ t: T0, v: 1 }]);
    // A stored event no decider would have let through: a value that is not a number.
    await fixture.store.append({
      tenant: 'poison',
      streams: [
        {
          streamId: measurementsStreamId('meter-1'),
          events: [
            {
              type: 'MeasurementsRecorded',
              schemaVersion: 1,
              data: { sourceId: 'meter-1', points: [{ t: T0 + 1, v: 'lots' }] },
              metadata: {},
            },
          ],
        },
      ],
    });
    await fixture.record('poison', 'meter-1', [{ t: T0 + 2, v: 3 }]);
    await fixture.record('after-poison', 'meter-1', [{ t: T0, v: 1 }]);
    const { rows: bad } = await fixture.sql.query<{ position: string }>(
      `SELECT global_position::text AS position FROM chronicle.events WHERE data->'points'->0->>'v' = 'lots'`,
    );
    const deadline = Date.now() + 10_000;
    let status: { status: string; error: string | null; position: string } | undefined;
    while (Date.now() < deadline) {
      const { rows } = await fixture.sql.query(
        `SELECT status, error, position::text AS position FROM chronicle_read.projections WHERE name = 'timeseries'`,
      );
      status = rows[0];
      if (status?.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status?.status).toBe('failed');
    expect(status?.error).toContain(
      `event at position ${bad[0]!.position} (MeasurementsRecorded, stream poison/measurements-meter-1)`,
    );
    // Everything before the poison event was applied; nothing after it.
    expect(BigInt(status!.position)).toBe(BigInt(bad[0]!.position) - 1n);
    const { rows: points } = await fixture.sql.query(
      `SELECT ts::float8 AS ts FROM chronicle_read.timeseries_v1_points WHERE tenant_id = 'poison'`,
    );
    expect(points).toEqual([{ ts: T0 }]);
    // The other projection followed the log past it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { rows: counted } = await fixture.sql.query(
      `SELECT events::int AS events FROM chronicle_read.counting_v1 WHERE tenant_id IN ('poison', 'after-poison') ORDER BY tenant_id`,
    );
    expect(counted).toEqual([{ events: 1 }, { events: 3 }]);
    expect(errors.some((message) => message.includes('failed on event at position'))).toBe(true);
  });
});
