import type { Client } from '@urql/core';
import { describeFailure } from '../api/failure.js';
import { StreamAsOfQuery, StreamVersionsQuery } from '../graphql/operations.js';
import { timeMoments, versionMoments, type Moment } from './stream-moments.js';

/** A stream of at most this many events gets a stop per version; a longer one, stops in time. */
const LISTED_EVENTS = 1000;
const TIME_STOPS = 200;

/**
 * The time-travel slider of one stream: its stops (every version, or times for a long stream), where the
 * slider is while it moves (`index`), and the stop the views read (`chosen`, set when it comes to rest).
 */
export class StreamTimeTravel {
  /** What the stream picker holds (typed, or set by choosing a stream elsewhere). */
  draft = $state('');
  streamId = $state<string | undefined>(undefined);
  moments = $state.raw<readonly Moment[]>([]);
  index = $state(0);
  chosen = $state(0);
  loading = $state(false);
  problem = $state<string | undefined>(undefined);
  /** True when every version is a stop; false when the stops are times. */
  byVersion = $state(true);
  readonly moment: Moment | undefined = $derived(this.moments[this.chosen]);
  readonly pending: Moment | undefined = $derived(this.moments[this.index]);
  #generation = 0;

  constructor(private readonly client: Client) {}

  /** Loads a stream's stops and rests at the newest one, or at the given event of it. */
  async choose(streamId: string, event?: { position: string; recordedAt: string }): Promise<void> {
    const generation = ++this.#generation;
    this.streamId = streamId;
    this.draft = streamId;
    this.loading = true;
    this.problem = undefined;
    this.moments = [];
    const listed = await this.client
      .query(StreamVersionsQuery, { streamId, first: LISTED_EVENTS }, { requestPolicy: 'network-only' })
      .toPromise();
    if (generation !== this.#generation) return;
    if (listed.error || !listed.data)
      return this.#fail(listed.error && describeFailure(listed.error).message);
    const events = listed.data.events.edges.map((edge) => edge.node);
    if (events.length === 0) return this.#fail(`The stream ${streamId} has no events.`);

    let moments: Moment[];
    if (!listed.data.events.pageInfo.hasNextPage) {
      moments = versionMoments(events);
    } else {
      const head = await this.client
        .query(StreamAsOfQuery, { id: streamId }, { requestPolicy: 'network-only' })
        .toPromise();
      if (generation !== this.#generation) return;
      const newest = head.data?.stream.recordedAt;
      if (head.error || !newest) return this.#fail(head.error && describeFailure(head.error).message);
      moments = timeMoments(Date.parse(events[0]!.recordedAt), Date.parse(newest), TIME_STOPS);
    }
    this.byVersion = !listed.data.events.pageInfo.hasNextPage;
    this.moments = moments;
    const at = event ? this.#stopAt(event) : -1;
    this.index = this.chosen = at >= 0 ? at : moments.length - 1;
    this.loading = false;
  }

  /** The slider came to rest (released, or a key step): read the stream as of its stop. */
  commit(): void {
    this.chosen = this.index;
  }

  #stopAt(event: { position: string; recordedAt: string }): number {
    if (this.byVersion) {
      return this.moments.findIndex((m) => 'position' in m.asOf && m.asOf.position === event.position);
    }
    const at = Date.parse(event.recordedAt);
    return this.moments.findIndex((m) => m.at >= at);
  }

  #fail(message: string | undefined): void {
    this.loading = false;
    this.problem = message ?? 'The stream could not be read.';
  }
}
