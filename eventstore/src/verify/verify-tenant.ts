import type pg from 'pg';
import { scopedQuery, scopeOf } from '../database/scoped-query.js';
import { verifyStream, type ChainProblem } from './verify-stream.js';

export interface TenantVerification {
  /** Streams checked, and events in them. */
  streams: number;
  events: number;
  /** Every broken stream with its first problem; empty when the whole tenant is intact. */
  broken: { streamId: string; problem: ChainProblem; message: string }[];
}

const STREAMS_PER_BATCH = 1000;

/**
 * Verifies every stream of a tenant: each one's hash chain, and that the stream heads account for every
 * event (an event inserted into a stream the heads do not know is found through its stream id).
 */
export async function verifyTenant(pool: pg.Pool, tenant: string): Promise<TenantVerification> {
  const scope = scopeOf(tenant);
  const result: TenantVerification = { streams: 0, events: 0, broken: [] };
  let after = '';
  for (;;) {
    // Streams named by a head or by an event: a forged stream has events and no head.
    const streams = await scopedQuery<{ stream_id: string }>(
      pool,
      scope,
      `SELECT stream_id FROM chronicle.streams WHERE tenant_id = $1 AND stream_id > $2
       UNION
       SELECT DISTINCT stream_id FROM chronicle.events WHERE tenant_id = $1 AND stream_id > $2
       ORDER BY stream_id
       LIMIT ${STREAMS_PER_BATCH}`,
      [tenant, after],
    );
    for (const { stream_id: streamId } of streams) {
      const verified = await verifyStream(pool, tenant, streamId);
      result.streams++;
      if (verified.intact) result.events += verified.version;
      else result.broken.push({ streamId, problem: verified.problem, message: verified.message });
    }
    if (streams.length < STREAMS_PER_BATCH) return result;
    after = streams.at(-1)!.stream_id;
  }
}
