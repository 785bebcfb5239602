import type { Client } from '@urql/core';
import { queryStore, subscriptionStore } from '@urql/svelte';
import { fromStore } from 'svelte/store';
import { SourceChangedSubscription, SourcesQuery, type Source } from '../graphql/operations.js';

type Changed = Readonly<Record<string, Source>>;

/**
 * The sources the caller may see (a viewer's own, all of a tenant-admin's tenant), kept current by the
 * `sourceChanged` subscription: a source registered, renamed or retired shows up without a reload.
 */
export class SourceCatalogue {
  readonly #query;
  readonly #changes;
  readonly #client: Client;

  constructor(client: Client) {
    this.#client = client;
    this.#query = fromStore(queryStore({ client, query: SourcesQuery, variables: { first: 500 } }));
    const changes = subscriptionStore<{ sourceChanged: { sources: Source[]; gap: boolean } }, Changed>(
      { client, query: SourceChangedSubscription, variables: {} },
      (held = {}, { sourceChanged }) => {
        if (sourceChanged.gap) void this.refresh();
        const next: Record<string, Source> = { ...held };
        for (const source of sourceChanged.sources) next[source.id] = source;
        return next;
      },
    );
    this.#changes = fromStore(changes);
  }

  readonly sources: readonly Source[] = $derived.by(() => {
    const listed = this.#query.current.data?.sources.edges.map((edge) => edge.node) ?? [];
    const changed = this.#changes.current.data ?? {};
    const byId: Record<string, Source> = {
      ...Object.fromEntries(listed.map((source) => [source.id, source])),
      ...changed,
    };
    return Object.values(byId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  });

  get loading(): boolean {
    return this.#query.current.fetching && !this.#query.current.data;
  }

  get error() {
    return this.#query.current.error;
  }

  /** Read the list again, e.g. right after a command, before the projector's change arrives. */
  async refresh(): Promise<void> {
    await this.#client.query(SourcesQuery, { first: 500 }, { requestPolicy: 'network-only' }).toPromise();
  }
}
