import {
  checkpoint,
  createFreshDatabase,
  readCounters,
  settleCounters,
  type FreshDatabase,
} from './fresh-database.js';
import { runTimed, type Timing, type WriteOnce } from './timed-run.js';
import type { WriteMeasurement } from './write-workload.js';

/** The writers of one system on one database, and how to let go of their connections. */
export interface WriterSetup {
  writers: WriteOnce[];
  close(): Promise<void>;
}

/**
 * Measures one system on one workload in a database of its own: prepare (schema), open the writers, start
 * from a checkpoint, run timed, close, then read the server's commit and WAL counters.
 */
export async function measureOnFreshDatabase(
  serverUrl: string,
  label: string,
  timing: Timing,
  prepare: (database: FreshDatabase) => Promise<WriterSetup>,
): Promise<WriteMeasurement> {
  const database = await createFreshDatabase(serverUrl, label);
  try {
    const setup = await prepare(database);
    let result;
    let before;
    try {
      await checkpoint(serverUrl);
      before = await readCounters(database);
      result = await runTimed(setup.writers, timing);
    } finally {
      await setup.close();
    }
    const after = await settleCounters(database);
    const total = Math.max(result.totalEvents, 1);
    return {
      eventsPerSecond: result.eventsPerSecond,
      events: result.events,
      writes: result.writes,
      seconds: result.seconds,
      // The counter reads themselves are transactions too (two of them): leave them out.
      commitsPerEvent: Math.max(after.commits - before.commits - 2, 0) / total,
      walBytesPerEvent: (after.walBytes - before.walBytes) / total,
    };
  } finally {
    await database.drop();
  }
}
