import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** A value of a COPY query's parameters: what the store's own queries pass. */
export type CopyParameter = string | number | bigint | Date | readonly string[] | null;

/**
 * Runs a SELECT as `COPY (…) TO STDOUT (FORMAT binary)` and returns the whole output. COPY takes no bind
 * parameters, so `$n` in `text` is replaced by its value as a quoted, escaped literal (never as SQL): the
 * query's own casts type it as they would a parameter. `text` is the store's own SQL, without `$` elsewhere.
 */
export async function copyQuery(
  client: pg.ClientBase,
  text: string,
  values: readonly CopyParameter[],
): Promise<Buffer> {
  const select = text.replace(/\$(\d+)/g, (_, index: string) => {
    const position = Number(index);
    if (position < 1 || position > values.length) throw new Error(`no value for parameter $${index}`);
    return literal(client, values[position - 1]!);
  });
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT binary)`))) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function literal(client: pg.ClientBase, value: CopyParameter): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return client.escapeLiteral(value);
  if (typeof value === 'number' || typeof value === 'bigint') return client.escapeLiteral(String(value));
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (!Array.isArray(value) || !value.every((element) => typeof element === 'string')) {
    throw new TypeError(`a query parameter must be text, a number, a time or a list of text`);
  }
  // An array literal: each element double-quoted, its backslashes and quotes escaped.
  const elements = value.map((element: string) => `"${element.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  return client.escapeLiteral(`{${elements.join(',')}}`);
}
