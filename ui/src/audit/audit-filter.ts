import type { EventFilterInput } from '../graphql/operations.js';

/** The filter form's fields as typed: times in the browser's local time (`datetime-local`). */
export interface FilterDraft {
  streamId: string;
  /** Event types, comma separated. */
  types: string;
  actor: string;
  from: string;
  to: string;
}

export const EMPTY_DRAFT: FilterDraft = { streamId: '', types: '', actor: '', from: '', to: '' };

/** The form's fields as the `events` filter, or what is wrong with them. */
export function filterOf(draft: FilterDraft): { filter: EventFilterInput } | { problem: string } {
  const filter: EventFilterInput = {};
  const streamId = draft.streamId.trim();
  if (streamId) filter.streamId = streamId;
  const types = draft.types
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  if (types.length > 50) return { problem: 'Give at most 50 event types.' };
  if (types.length > 0) filter.types = types;
  const actor = draft.actor.trim();
  if (actor) filter.actor = actor;
  for (const bound of ['from', 'to'] as const) {
    if (!draft[bound]) continue;
    const time = new Date(draft[bound]);
    if (Number.isNaN(time.getTime())) return { problem: `“${bound}” is not a time.` };
    filter[bound] = time.toISOString();
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    return { problem: 'The start of the time range must come before its end.' };
  }
  return { filter };
}

/** The export endpoint's query string for a filter: the same parameters, `types` comma separated. */
export function exportSearch(filter: EventFilterInput): string {
  const params = new URLSearchParams();
  if (filter.streamId) params.set('streamId', filter.streamId);
  if (filter.types) params.set('types', filter.types.join(','));
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The filter in words, for headings and the export's file name. */
export function describeFilter(filter: EventFilterInput): string {
  const parts: string[] = [];
  if (filter.streamId) parts.push(`stream ${filter.streamId}`);
  if (filter.types) parts.push(`types ${filter.types.join(', ')}`);
  if (filter.actor) parts.push(`actor ${filter.actor}`);
  if (filter.from) parts.push(`from ${new Date(filter.from).toLocaleString()}`);
  if (filter.to) parts.push(`to ${new Date(filter.to).toLocaleString()}`);
  return parts.length > 0 ? parts.join(' · ') : 'all events';
}
