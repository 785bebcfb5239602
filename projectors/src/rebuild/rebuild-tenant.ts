import type pg from 'pg';
import { nextLogRange, type Checkpoint } from '@chronicle/eventstore';
import { buildName } from '../runner/build-name.js';
import type { Projection } from '../runner/projection.js';

export interface TenantRebuild {
  events: number;
  /** The projection's checkpoint the tenant was rebuilt up to. */
  upTo: Checkpoint;
}

/**
 * Rebuilds one tenant's rows of a serving projection version from the log, in one transaction: its rows
 * are deleted and its events replayed up to the projection's checkpoint, with the checkpoint's row locked so
 * the runner waits (and then goes on from where it was, for every tenant). Readers see the tenant's old rows
 * until the commit and the new ones after it, never none. For a tenant whose history is very long, a new
 * projection version (built beside the serving one) is the better tool.
 */
export async function rebuildTenant(
  client: pg.ClientBase,
  projection: Projection,
  tenant: string,
  batchSize = 2_000,
): Promise<TenantRebuild> {
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL work_mem = '256MB'`);
    const { rows } = await client.query<{ status: string; transaction_text: string; position_text: string }>(
      `SELECT status, transaction_id::text AS transaction_text, position::text AS position_text
         FROM chronicle_read.projections WHERE name = $1 AND version = $2 AND generation = $3 FOR UPDATE`,
      [projection.name, projection.version, projection.generation],
    );
    const row = rows[0];
    if (row?.status !== 'live') {
      throw new Error(
        `${buildName(projection)} is ${row?.status ?? 'unknown'}: only a serving version is rebuilt per tenant`,
      );
    }
    const upTo = { transactionId: BigInt(row.transaction_text), position: BigInt(row.position_text) };
    for (const table of Object.values(projection.views)) {
      await client.query(`DELETE FROM chronicle_read.${table} WHERE tenant_id = $1`, [tenant]);
    }
    let from: Checkpoint = { transactionId: 0n, position: 0n };
    let events = 0;
    for (;;) {
      const range = await nextLogRange(client, from, batchSize, tenant, upTo);
      if (!range) break;
      await projection.apply(client, range);
      events += range.events;
      from = range.to;
    }
    await client.query('COMMIT');
    return { events, upTo };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
