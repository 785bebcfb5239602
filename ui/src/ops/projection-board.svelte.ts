import { CombinedError, type Client } from '@urql/core';
import { queryStore, subscriptionStore } from '@urql/svelte';
import { fromStore } from 'svelte/store';
import { describeFailure } from '../api/failure.js';
import {
  CancelRebuildMutation,
  ProjectionProgressSubscription,
  ProjectionsQuery,
  StartRebuildMutation,
  type Projection,
} from '../graphql/operations.js';
import { buildKey, nextSamples, type Sample, type Samples } from './build-progress.js';

/** What the progress messages have said so far: the newest picture, and samples for the rates. */
interface Progress {
  builds: readonly Projection[];
  samples: Samples;
}

/** What came of ops' last start or cancel of a projection's rebuild, for its card to say. */
export interface RebuildRequest {
  busy: boolean;
  failure?: string;
  done?: string;
}

/**
 * Where every projection build stands: read once, then pushed as they move (a rebuild's progress too),
 * and ops' starts and cancels of rebuilds.
 */
export class ProjectionBoard {
  readonly #client: Client;
  readonly #query;
  readonly #progress;
  /** Builds the mutations answered with, shown until a progress message has them too. */
  #answered = $state<readonly Projection[]>([]);
  /** By projection name. */
  requests = $state<Record<string, RebuildRequest>>({});

  constructor(client: Client) {
    this.#client = client;
    this.#query = fromStore(queryStore({ client, query: ProjectionsQuery, variables: {} }));
    // Each message is the whole picture: the newest replaces what was held; the samples are kept for rates
    // (accumulated here, in the handler, never in an effect).
    this.#progress = fromStore(
      subscriptionStore<{ projectionProgress: Projection[] }, Progress>(
        { client, query: ProjectionProgressSubscription, variables: {} },
        (held, { projectionProgress }) => ({
          builds: projectionProgress,
          samples: nextSamples(held?.samples, projectionProgress, Date.now()),
        }),
      ),
    );
  }

  readonly projections: readonly Projection[] = $derived.by(() => {
    const builds = this.#progress.current.data?.builds ?? this.#query.current.data?.projections ?? [];
    const known = builds.map(buildKey);
    return [...builds, ...this.#answered.filter((build) => !known.includes(buildKey(build)))].sort(
      (a, b) => a.name.localeCompare(b.name) || a.version - b.version || a.generation - b.generation,
    );
  });

  /** The samples a build's rates are measured from. */
  samplesOf(build: Projection): readonly Sample[] {
    return this.#progress.current.data?.samples.get(buildKey(build)) ?? [];
  }

  get loading(): boolean {
    return this.#query.current.fetching && !this.#query.current.data && !this.#progress.current.data;
  }

  get error() {
    return this.#query.current.error ?? this.#progress.current.error;
  }

  /** Asks for a rebuild of the projection's serving version. */
  async start(name: string): Promise<void> {
    await this.#request(name, async () => {
      const { data, error } = await this.#client
        .mutation(StartRebuildMutation, { projection: name }, { requestPolicy: 'network-only' })
        .toPromise();
      if (error || !data) throw error ?? new Error('no answer');
      this.#answered = [...this.#answered, data.startRebuild];
      const { version, generation } = data.startRebuild;
      return `Rebuild of ${name} requested: v${version}, generation ${generation}. A projector runner takes it up shortly.`;
    });
  }

  /** Cancels the projection's build under way. */
  async cancel(name: string): Promise<void> {
    await this.#request(name, async () => {
      const { data, error } = await this.#client
        .mutation(CancelRebuildMutation, { projection: name }, { requestPolicy: 'network-only' })
        .toPromise();
      if (error || !data) throw error ?? new Error('no answer');
      this.#answered = [...this.#answered, data.cancelRebuild];
      const { version, generation } = data.cancelRebuild;
      return `Build of ${name} (v${version}, generation ${generation}) cancelled: it stops at its next batch and its tables are dropped.`;
    });
  }

  async #request(name: string, send: () => Promise<string>): Promise<void> {
    this.requests[name] = { busy: true };
    try {
      this.requests[name] = { busy: false, done: await send() };
    } catch (error) {
      const failure = error instanceof CombinedError ? describeFailure(error).message : String(error);
      this.requests[name] = { busy: false, failure };
    }
  }
}
