import pg from 'pg';
import { percentile } from '../stats/percentile.js';

/**
 * The floor under every live update: a NOTIFY from one connection heard by a LISTEN on another, timed
 * on the same server in the same run. A live update pays it twice (the append's wake-up, then the
 * projector's change notice) beside the two commits.
 */
export async function measureNotifyRoundTrip(
  databaseUrl: string,
  samples = 500,
): Promise<{ p50Ms: number; p99Ms: number }> {
  const listener = new pg.Client({ connectionString: databaseUrl });
  const notifier = new pg.Client({ connectionString: databaseUrl });
  await Promise.all([listener.connect(), notifier.connect()]);
  try {
    await listener.query('LISTEN bench_live_round_trip');
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const heard = new Promise<void>((resolve) => listener.once('notification', () => resolve()));
      const started = performance.now();
      await notifier.query(`NOTIFY bench_live_round_trip, '${i}'`);
      await heard;
      times.push(performance.now() - started);
    }
    return { p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99) };
  } finally {
    await Promise.all([listener.end(), notifier.end()]);
  }
}
