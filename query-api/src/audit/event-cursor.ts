import type { Checkpoint } from '@chronicle/eventstore';
import { badInput } from '../graphql/errors.js';

/** A page cursor is a log checkpoint (transaction id, position), opaque to clients. */
export const eventCursor = (at: Checkpoint): string =>
  Buffer.from(`${at.transactionId}:${at.position}`).toString('base64url');

export function checkpointOfCursor(cursor: string): Checkpoint {
  const match = /^(\d{1,20}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badInput('after is not a cursor this API gave out');
  return { transactionId: BigInt(match[1]!), position: BigInt(match[2]!) };
}
