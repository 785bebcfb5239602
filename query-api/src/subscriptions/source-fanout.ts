import { catalogueProjection } from '@chronicle/projectors';
import type { TenantReader } from '../auth/access.js';
import type { ReadModels } from '../database/read-models.js';
import type { SourceModel } from '../sources/source-model.js';
import { findSources, listSources } from '../sources/source-queries.js';
import type { ChangeFeed } from './change-feed.js';
import type { ChangeNotice } from './change-notice.js';
import { Mailbox } from './mailbox.js';
import { SerialReads } from './serial-reads.js';

export interface SourceWatch extends TenantReader {
  /** The sources watched, or null for every source the caller may see. */
  sourceIds: ReadonlySet<string> | null;
}

export interface SourceChangesMessage {
  sources: SourceModel[];
  gap: boolean;
}

interface SourceBuffer {
  sources: Map<string, SourceModel>;
  gap: boolean;
}

interface Watcher {
  watch: SourceWatch;
  mailbox: Mailbox<SourceBuffer, SourceChangesMessage>;
}

interface TenantWatchers {
  watchers: Set<Watcher>;
  /** Watched source ids (reference counted), and how many watch every source. */
  sources: Map<string, number>;
  watchingAll: number;
}

interface CatalogueRead {
  sourceIds: Set<string>;
  /** Read every source of the tenant (after a lost notification, for those who watch all). */
  all: boolean;
  gap: boolean;
}

/**
 * `sourceChanged`: catalogue changes fanned out like series changes (one read per change and tenant, then
 * filtered per subscriber by its sources and by ownership). A source changed again while a subscriber is
 * behind replaces the one waiting; past `bufferSources` waiting, the buffer is dropped for `gap`.
 */
export class SourceFanout {
  private readonly tenants = new Map<string, TenantWatchers>();
  private readonly reads: SerialReads<string, CatalogueRead>;
  private readonly unlisten: (() => void)[];

  constructor(
    private readonly readModels: ReadModels,
    feed: ChangeFeed,
    private readonly options: { bufferSources: number; onError: (error: unknown) => void },
  ) {
    this.reads = new SerialReads(
      (a, b) => ({
        sourceIds: new Set([...a.sourceIds, ...b.sourceIds]),
        all: a.all || b.all,
        gap: a.gap || b.gap,
      }),
      (tenant, read) => this.read(tenant, read),
      (error, tenant) => {
        options.onError(error);
        this.deliver(tenant, [], true);
      },
    );
    this.unlisten = [feed.onNotice((notice) => this.onNotice(notice)), feed.onResync(() => this.resyncAll())];
  }

  get subscribers(): number {
    let count = 0;
    for (const tenant of this.tenants.values()) count += tenant.watchers.size;
    return count;
  }

  subscribe(watch: SourceWatch): AsyncIterableIterator<SourceChangesMessage> {
    let tenant = this.tenants.get(watch.tenant);
    if (!tenant)
      this.tenants.set(watch.tenant, (tenant = { watchers: new Set(), sources: new Map(), watchingAll: 0 }));
    const watcher: Watcher = {
      watch,
      mailbox: new Mailbox(
        (buffer) => ({ sources: [...buffer.sources.values()], gap: buffer.gap }),
        () => this.leave(watcher),
      ),
    };
    tenant.watchers.add(watcher);
    if (watch.sourceIds === null) tenant.watchingAll++;
    else for (const id of watch.sourceIds) tenant.sources.set(id, (tenant.sources.get(id) ?? 0) + 1);
    return watcher.mailbox;
  }

  async close(): Promise<void> {
    for (const unlisten of this.unlisten) unlisten();
    for (const tenant of [...this.tenants.values()]) {
      for (const watcher of [...tenant.watchers]) watcher.mailbox.close();
    }
    await this.reads.idle();
  }

  private onNotice(notice: ChangeNotice): void {
    if (notice.projection !== catalogueProjection.name) return;
    if (notice.kind === 'switch') return this.resyncAll();
    const tenant = this.tenants.get(notice.tenant);
    if (!tenant) return;
    const changed =
      tenant.watchingAll > 0 ? notice.sourceIds : notice.sourceIds.filter((id) => tenant.sources.has(id));
    if (changed.length === 0) return;
    this.reads.add(notice.tenant, { sourceIds: new Set(changed), all: false, gap: false });
  }

  private resyncAll(): void {
    for (const [tenantId, tenant] of this.tenants) {
      this.reads.add(tenantId, {
        sourceIds: new Set(tenant.sources.keys()),
        all: tenant.watchingAll > 0,
        gap: true,
      });
    }
  }

  private async read(tenantId: string, read: CatalogueRead): Promise<void> {
    if (!this.tenants.has(tenantId)) return;
    const limit = this.options.bufferSources + 1;
    const rows = await this.readModels.inTenant(tenantId, (client) =>
      read.all
        ? listSources(client, { tenant: tenantId, owner: null, after: null, limit })
        : findSources(client, { tenant: tenantId, ids: [...read.sourceIds], owner: null }),
    );
    if (rows.length >= limit) return this.deliver(tenantId, [], true);
    this.deliver(tenantId, rows, read.gap);
  }

  private deliver(tenantId: string, rows: readonly SourceModel[], gap: boolean): void {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return;
    const { bufferSources } = this.options;
    for (const watcher of tenant.watchers) {
      const { watch } = watcher;
      const visible = rows.filter(
        (source) =>
          (watch.sourceIds === null || watch.sourceIds.has(source.id)) &&
          (watch.seesAll || source.owner === watch.subject),
      );
      if (visible.length === 0 && !gap) continue;
      watcher.mailbox.put((buffer) => {
        const next = buffer ?? { sources: new Map(), gap: false };
        next.gap ||= gap;
        for (const source of visible) next.sources.set(source.id, source);
        return next.sources.size > bufferSources ? { sources: new Map(), gap: true } : next;
      });
    }
  }

  private leave(watcher: Watcher): void {
    const tenant = this.tenants.get(watcher.watch.tenant);
    if (!tenant?.watchers.delete(watcher)) return;
    if (watcher.watch.sourceIds === null) tenant.watchingAll--;
    else {
      for (const id of watcher.watch.sourceIds) {
        const left = (tenant.sources.get(id) ?? 1) - 1;
        if (left === 0) tenant.sources.delete(id);
        else tenant.sources.set(id, left);
      }
    }
    if (tenant.watchers.size === 0) this.tenants.delete(watcher.watch.tenant);
  }
}
