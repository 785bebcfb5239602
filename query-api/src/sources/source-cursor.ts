import { isValidSourceId } from '@chronicle/domain';
import { badInput } from '../graphql/errors.js';

/** Page cursors are opaque to clients: the last source id of the page, base64url. */
export const sourceCursor = (sourceId: string): string => Buffer.from(sourceId).toString('base64url');

export function sourceIdOfCursor(cursor: string): string {
  const sourceId = Buffer.from(cursor, 'base64url').toString();
  if (!isValidSourceId(sourceId)) throw badInput('after is not a cursor this API gave out');
  return sourceId;
}
