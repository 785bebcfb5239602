import { Inject, Injectable } from '@nestjs/common';
import { domainEvents, measurementsDecider, sourceStreamId, type SourceState } from '@chronicle/domain';
import { aggregateStream, type EventStore } from '@chronicle/eventstore';
import { LRUCache } from 'lru-cache';
import { COMMAND_API_CONFIG, EVENT_STORE } from '../app/injection-tokens.js';
import type { CommandApiConfig } from '../app/command-api-config.js';

/**
 * Sources as ingest needs them (active or not), so a batch costs no read of its source. Only answers that
 * cannot go stale in a harmful way are kept: an active source for a few seconds (a batch racing the
 * source's retirement may land just after it, as the measurements decider documents), a retired one for
 * good. An unknown source is read again every time, so a newly registered one is usable at once.
 */
@Injectable()
export class SourceCatalogue {
  private readonly known: LRUCache<string, SourceState>;
  private readonly loading = new Map<string, Promise<SourceState>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(COMMAND_API_CONFIG) config: CommandApiConfig,
  ) {
    this.known = new LRUCache({ max: 100_000, ttl: Math.max(1, config.sourceCacheTtlMs) });
  }

  async get(tenant: string, sourceId: string): Promise<SourceState> {
    const key = `${tenant}/${sourceId}`;
    const cached = this.known.get(key);
    if (cached) return cached;
    // Concurrent batches for a source not yet known share one read.
    let load = this.loading.get(key);
    if (!load) {
      load = this.load(tenant, sourceId).finally(() => this.loading.delete(key));
      this.loading.set(key, load);
    }
    const state = await load;
    if (state.status === 'active') this.known.set(key, state);
    if (state.status === 'retired') this.known.set(key, state, { ttl: 0 });
    return state;
  }

  /** This process changed the source: read it again next time. */
  forget(tenant: string, sourceId: string): void {
    this.known.delete(`${tenant}/${sourceId}`);
  }

  private async load(tenant: string, sourceId: string): Promise<SourceState> {
    const { state } = await aggregateStream(this.store, tenant, sourceStreamId(sourceId), {
      ...measurementsDecider,
      events: domainEvents,
    });
    return state;
  }
}
