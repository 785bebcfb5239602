import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@chronicle/devstack/testing';
import {
  domainEvents,
  measurementsStreamId,
  upcastDomainEvent,
  type MeasurementPoint,
} from '@chronicle/domain';
import { createEventStore, type EventStore } from '@chronicle/eventstore';

export interface ProjectorFixture {
  database: TestDatabase;
  store: EventStore;
  /** Superuser: read models as they are, and hand-written events. */
  sql: pg.Pool;
  record(tenant: string, sourceId: string, points: MeasurementPoint[]): Promise<void>;
  correct(tenant: string, sourceId: string, points: MeasurementPoint[]): Promise<void>;
}

/** A migrated database of the file's own (event store and read models) and a store to append with. */
export function useProjectorDatabase(): ProjectorFixture {
  const fixture = {} as ProjectorFixture;
  beforeAll(async () => {
    fixture.database = await createTestDatabase();
    fixture.store = createEventStore({ connectionString: fixture.database.url, upcast: upcastDomainEvent });
    fixture.sql = new pg.Pool({ connectionString: fixture.database.url, max: 3 });
  });
  afterAll(async () => {
    await fixture.store?.close();
    await fixture.sql?.end();
    await fixture.database?.drop();
  });
  fixture.record = async (tenant, sourceId, points) => {
    await fixture.store.append({
      tenant,
      streams: [
        {
          streamId: measurementsStreamId(sourceId),
          events: [domainEvents.toEnvelope({ type: 'MeasurementsRecorded', data: { sourceId, points } })],
        },
      ],
    });
  };
  fixture.correct = async (tenant, sourceId, points) => {
    await fixture.store.append({
      tenant,
      streams: [
        {
          streamId: measurementsStreamId(sourceId),
          events: [
            domainEvents.toEnvelope({
              type: 'MeasurementsCorrected',
              data: { sourceId, points, reason: 'test' },
            }),
          ],
        },
      ],
    });
  };
  return fixture;
}
