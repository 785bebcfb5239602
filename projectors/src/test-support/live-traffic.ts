import pg from 'pg';
import type { ProjectorFixture } from './projector-fixture.js';

/**
 * Writes and reads going on while a test rebuilds: `write` in a loop, and reads of one tenant's points as
 * the query API reads them (chronicle_app, the tenant set, the stable view), each count kept, each error
 * kept (after 20 the reader gives up; the test's assertions report them).
 */
export async function startLiveTraffic(
  fixture: ProjectorFixture,
  tenant: string,
  write: () => Promise<void>,
): Promise<{ reads: number[]; readErrors: string[]; stop(): Promise<void> }> {
  let running = true;
  const writer = (async () => {
    while (running) {
      await write();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const reader = new pg.Client({ connectionString: fixture.database.url, options: '-c role=chronicle_app' });
  await reader.connect();
  const reads: number[] = [];
  const readErrors: string[] = [];
  const reading = (async () => {
    while (running) {
      try {
        await reader.query(
          `BEGIN; SELECT set_config('chronicle.tenant_id', ${reader.escapeLiteral(tenant)}, true)`,
        );
        const { rows } = await reader.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM chronicle_read.points`,
        );
        await reader.query('COMMIT');
        reads.push(rows[0]!.n);
      } catch (error) {
        readErrors.push((error as Error).message);
        if (readErrors.length > 20) break;
        await reader.query('ROLLBACK').catch(() => {});
      }
    }
  })();
  return {
    reads,
    readErrors,
    async stop() {
      running = false;
      await Promise.all([writer, reading]);
      await reader.end();
    },
  };
}
