import type { Client, CombinedError } from '@urql/core';
import { EventsQuery, type AuditEvent, type EventFilterInput } from '../graphql/operations.js';

export const PAGE_SIZE = 50;

/**
 * The tenant's event log as the auditor pages through it: in log order, filtered, a page at a time. Pages
 * are appended in the read's own callback (never in an effect), and a read that a newer filter overtook
 * is dropped.
 */
export class EventTimeline {
  filter = $state.raw<EventFilterInput>({});
  events = $state.raw<readonly AuditEvent[]>([]);
  loading = $state(false);
  error = $state.raw<CombinedError | undefined>(undefined);
  hasMore = $state(false);
  selectedId = $state<string | undefined>(undefined);
  readonly selected: AuditEvent | undefined = $derived(
    this.events.find((event) => event.eventId === this.selectedId),
  );
  /** Stream ids and event types seen so far: suggestions for the filter and the time-travel picker. */
  readonly streams: readonly string[] = $derived(distinct(this.events.map((event) => event.streamId)));
  readonly types: readonly string[] = $derived(distinct(this.events.map((event) => event.type)));
  #cursor: string | null = null;
  #generation = 0;

  constructor(private readonly client: Client) {}

  apply(filter: EventFilterInput): Promise<void> {
    this.filter = filter;
    this.events = [];
    this.selectedId = undefined;
    this.#cursor = null;
    this.hasMore = false;
    return this.#read(++this.#generation);
  }

  loadMore(): Promise<void> {
    if (this.loading || !this.hasMore) return Promise.resolve();
    return this.#read(this.#generation);
  }

  select(eventId: string): void {
    this.selectedId = eventId;
  }

  async #read(generation: number): Promise<void> {
    this.loading = true;
    this.error = undefined;
    const result = await this.client
      .query(
        EventsQuery,
        { filter: this.filter, first: PAGE_SIZE, after: this.#cursor },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    if (generation !== this.#generation) return;
    this.loading = false;
    if (result.error || !result.data) {
      this.error = result.error;
      return;
    }
    const { edges, pageInfo } = result.data.events;
    this.events = [...this.events, ...edges.map((edge) => edge.node)];
    this.#cursor = pageInfo.endCursor ?? this.#cursor;
    this.hasMore = pageInfo.hasNextPage;
  }
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
