import type pg from 'pg';
import { serialiseAppend } from '../append/serialise-append.js';
import type { AppendOutcome } from '../append/group-commit.js';
import type { AppendRequest } from '../types.js';

const LIMITS = { maxEventBytes: 1024 * 1024 };

/** One merged batch as group commit sends it, in the order given (group commit sorts it): one statement, so one transaction unless `client`'s. */
export async function appendBatch(
  client: pg.Pool | pg.PoolClient,
  requests: AppendRequest[],
): Promise<AppendOutcome[]> {
  const json = requests.map((request) => serialiseAppend(request, LIMITS).json);
  const { rows } = await client.query<{ outcomes: string }>(
    'SELECT chronicle.append($1::jsonb) AS outcomes',
    [`[${json.join(',')}]`],
  );
  return JSON.parse(rows[0]!.outcomes) as AppendOutcome[];
}
