import type { Client } from '@urql/core';
import { queryStore, subscriptionStore } from '@urql/svelte';
import { fromStore } from 'svelte/store';
import { ProjectionProgressSubscription, ProjectionsQuery, type Projection } from '../graphql/operations.js';

/** Where every projection version stands: read once, then pushed as they move (a rebuild's progress too). */
export class ProjectionBoard {
  readonly #query;
  readonly #progress;

  constructor(client: Client) {
    this.#query = fromStore(queryStore({ client, query: ProjectionsQuery, variables: {} }));
    // Each message is the whole picture: the newest one replaces what was held.
    this.#progress = fromStore(
      subscriptionStore<{ projectionProgress: Projection[] }, readonly Projection[]>(
        { client, query: ProjectionProgressSubscription, variables: {} },
        (_held, { projectionProgress }) => projectionProgress,
      ),
    );
  }

  readonly projections: readonly Projection[] = $derived.by(
    () => this.#progress.current.data ?? this.#query.current.data?.projections ?? [],
  );

  get loading(): boolean {
    return this.#query.current.fetching && !this.#query.current.data && !this.#progress.current.data;
  }

  get error() {
    return this.#query.current.error ?? this.#progress.current.error;
  }
}
