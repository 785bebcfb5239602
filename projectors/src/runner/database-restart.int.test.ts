import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPostgres, withDatabase, type LocalPostgres } from '@chronicle/devstack';
import { domainEvents, measurementsStreamId, upcastDomainEvent } from '@chronicle/domain';
import { createEventStore, migrate, type EventStore } from '@chronicle/eventstore';
import { migrateReadModels } from '../schema/migrate-read-models.js';
import { auditReadModel } from '../test-support/read-model-audit.js';
import { timeseriesProjection } from '../timeseries/timeseries-projection.js';
import { startProjectionRunner, type ProjectionRunner } from './projection-runner.js';

const APPENDS = 200;
const T0 = Date.UTC(2026, 3, 1);

/** A server of this test's own, since it gets restarted under the runner's feet. */
describe('the projector runner across a PostgreSQL restart', () => {
  let server: LocalPostgres;
  let url: string;
  let store: EventStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    server = await startLocalPostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE chronicle').finally(() => admin.end());
    url = withDatabase(server.url, 'chronicle');
    await migrate(url);
    await migrateReadModels(url);
    store = createEventStore({
      connectionString: url,
      upcast: upcastDomainEvent,
      onBackgroundError: () => {},
    });
    runner = startProjectionRunner({
      connectionString: url,
      projections: [timeseriesProjection],
      store,
      batchSize: 5,
      pollIntervalMs: 100,
    });
  });
  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await server?.stop();
  });

  it('recovers and catches up without help', async () => {
    let restarted: Promise<void> | undefined;
    for (let i = 0; i < APPENDS; i++) {
      if (i === APPENDS / 2) restarted = server.restart();
      const event = domainEvents.toEnvelope({
        type: 'MeasurementsRecorded',
        data: { sourceId: 'meter-1', points: [{ t: T0 + i * 1000, v: i }] },
      });
      // A producer's loop: retry until it sticks; the key makes a retry after an unknown outcome safe.
      for (;;) {
        try {
          await store.append({
            tenant: 'restart',
            idempotencyKey: `point-${i}`,
            streams: [{ streamId: measurementsStreamId('meter-1'), events: [event] }],
          });
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }
    await restarted;
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { rows } = await sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM chronicle_read.timeseries_v1_points WHERE tenant_id = 'restart'`,
        );
        if (rows[0]!.n === APPENDS) break;
        if (Date.now() > deadline) throw new Error(`only ${rows[0]!.n} of ${APPENDS} points projected`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await auditReadModel(sql)).toMatchObject({
        expectedPoints: APPENDS,
        actualPoints: APPENDS,
        pointsDiffering: 0,
        bucketsDiffering: 0,
      });
    } finally {
      await sql.end();
    }
  });
});
