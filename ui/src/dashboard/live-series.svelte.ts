import type { Client } from '@urql/core';
import { subscriptionStore } from '@urql/svelte';
import { fromStore } from 'svelte/store';
import {
  SeriesUpdatedSubscription,
  type Point,
  type Resolution,
  type SeriesUpdate,
} from '../graphql/operations.js';
import { mergePoints } from './series-points.js';

type Pushed = Readonly<Record<string, readonly Point[]>>;

/**
 * The live tail of a dashboard: one subscription for all its sources, at the charts' resolution. Points
 * are accumulated in the subscription's handler (never in an effect), and trimmed to the window.
 */
export class LiveSeries {
  /** Bumped when the server says changes may have been missed: the charts read their range again. */
  generation = $state(0);
  readonly #result;

  constructor(
    client: Client,
    sourceIds: readonly string[],
    resolution: Resolution,
    windowStart: () => number,
  ) {
    const store = subscriptionStore<{ seriesUpdated: SeriesUpdate }, Pushed>(
      {
        client,
        query: SeriesUpdatedSubscription,
        variables: { sourceIds: [...sourceIds], resolution },
        pause: sourceIds.length === 0,
      },
      (held = {}, { seriesUpdated }) => {
        if (seriesUpdated.gap) {
          this.generation += 1;
          return {};
        }
        const from = windowStart();
        const next: Record<string, readonly Point[]> = { ...held };
        for (const change of seriesUpdated.changes) {
          next[change.sourceId] = mergePoints(held[change.sourceId] ?? [], change.points, from);
        }
        return next;
      },
    );
    this.#result = fromStore(store);
  }

  pointsFor(sourceId: string): readonly Point[] {
    return this.#result.current.data?.[sourceId] ?? NONE;
  }

  get error() {
    return this.#result.current.error;
  }
}

const NONE: readonly Point[] = [];
