import type { Session } from '../auth/session.svelte.js';
import type { EventFilterInput } from '../graphql/operations.js';
import { exportSearch } from './audit-filter.js';

export class ExportFailed extends Error {}

/**
 * The query API's NDJSON export of the filtered log (`GET /export/events`, proxied on this origin). It needs
 * the bearer token, so it is fetched rather than linked, and handed to the browser as a file.
 */
export async function fetchEventExport(
  session: Session,
  filter: EventFilterInput,
): Promise<{ file: Blob; events: number }> {
  const token = await session.accessToken();
  let response: Response;
  try {
    response = await fetch(`/export/events${exportSearch(filter)}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  } catch {
    throw new ExportFailed('The server cannot be reached right now. Try again in a moment.');
  }
  if (!response.ok) {
    if (response.status === 401) session.expire();
    const body = (await response.json().catch(() => undefined)) as
      { errors?: { message?: string }[] } | undefined;
    throw new ExportFailed(body?.errors?.[0]?.message ?? `The export was refused (HTTP ${response.status}).`);
  }
  const text = await response.text();
  const events = text.split('\n').filter(Boolean).length;
  return { file: new Blob([text], { type: 'application/x-ndjson' }), events };
}

/** Offers a file to the browser's downloads under `name`. */
export function saveFile(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has taken the file by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
