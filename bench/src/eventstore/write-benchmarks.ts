import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { createEventStore, migrate } from '@chronicle/eventstore';
import type { OurStoreOptions } from './bench-settings.js';
import { emmettWriter } from './emmett-writers.js';
import type { Payload } from './event-payload.js';
import { insertWriter, LIMIT_TABLE_SQL } from './insert-limit.js';
import { measureOnFreshDatabase } from './measure-writes.js';
import { ourWriter } from './our-writers.js';
import type { Timing } from './timed-run.js';
import type { WriteMeasurement, WriteWorkload } from './write-workload.js';

export interface WriteBenchmark {
  serverUrl: string;
  workload: WriteWorkload;
  timing: Timing;
  streamsPerWriter: number;
  payloads: readonly Payload[];
}

const TENANT = 'bench-tenant';

/** Ours: one store per run, shared by all writers, so group commit can merge their appends. */
export function measureOurs(bench: WriteBenchmark, options: OurStoreOptions): Promise<WriteMeasurement> {
  const { workload } = bench;
  return measureOnFreshDatabase(bench.serverUrl, 'ours', bench.timing, async (database) => {
    await migrate(database.url);
    const store = createEventStore({ connectionString: database.url, ...options });
    const writers = Array.from({ length: workload.writers }, (_, writer) =>
      ourWriter(store, {
        tenant: TENANT,
        writer,
        streams: bench.streamsPerWriter,
        eventsPerAppend: workload.eventsPerAppend,
        payloads: bench.payloads,
      }),
    );
    return { writers, close: () => store.close() };
  });
}

/** Emmett: one store per run too (its own pg pool of default size 10), schema created before timing. */
export function measureEmmett(bench: WriteBenchmark): Promise<WriteMeasurement> {
  const { workload } = bench;
  return measureOnFreshDatabase(bench.serverUrl, 'emmett', bench.timing, async (database) => {
    const store = getPostgreSQLEventStore(database.url);
    await store.schema.migrate();
    const writers = Array.from({ length: workload.writers }, (_, writer) =>
      emmettWriter(store, {
        writer,
        streams: bench.streamsPerWriter,
        eventsPerAppend: workload.eventsPerAppend,
        payloads: bench.payloads,
      }),
    );
    return { writers, close: () => store.close() };
  });
}

/** The limit: plain multi-row INSERTs into a bare table, one pg connection per writer. */
export function measureInsertLimit(bench: WriteBenchmark): Promise<WriteMeasurement> {
  const { workload } = bench;
  return measureOnFreshDatabase(bench.serverUrl, 'limit', bench.timing, async (database) => {
    await database.query(LIMIT_TABLE_SQL);
    const writers = await Promise.all(
      Array.from({ length: workload.writers }, (_, writer) =>
        insertWriter(database.url, {
          tenant: TENANT,
          writer,
          streams: bench.streamsPerWriter,
          rowsPerInsert: workload.eventsPerAppend,
          payloads: bench.payloads,
        }),
      ),
    );
    return {
      writers: writers.map((writer) => writer.write),
      close: async () => {
        await Promise.all(writers.map((writer) => writer.close()));
      },
    };
  });
}
