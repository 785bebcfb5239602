import { timeseriesProjection, type Resolution, type SeriesPoint } from '@chronicle/projectors';
import type { TenantReader } from '../auth/access.js';
import type { ReadModels } from '../database/read-models.js';
import type {
  Aggregate,
  Resolution as ResolutionName,
  SeriesUpdate,
} from '../graphql/schema-types.generated.js';
import { WIDTH_MS, resolutionName } from '../series/resolution.js';
import type { ChangeFeed } from './change-feed.js';
import type { ChangeNotice } from './change-notice.js';
import { Mailbox } from './mailbox.js';
import {
  foldSeries,
  pendingMessage,
  sharedSeriesUpdate,
  type SeriesPending,
  type SharedSeriesUpdate,
} from './series-buffer.js';
import { readChangedPoints, type ChangedPoint } from './series-changes-query.js';
import { SerialReads } from './serial-reads.js';

export interface SeriesWatch extends TenantReader {
  sourceIds: ReadonlySet<string>;
  resolution: Resolution;
  aggregate: Aggregate;
}

interface Watcher {
  audience: Audience;
  mailbox: Mailbox<SeriesPending, SeriesUpdate>;
}

/**
 * Subscribers who are sent exactly the same for every change: one tenant, one visibility (every source, or
 * only one subject's own), the same sources, resolution and aggregate. A change is filtered and made into
 * a message once per audience, and that one message is handed to each member.
 */
interface Audience {
  key: string;
  watch: SeriesWatch;
  resolution: ResolutionName;
  members: Set<Watcher>;
}

/** The watchers of one tenant, and what they watch together (what one read per change must cover). */
interface TenantWatchers {
  audiences: Map<string, Audience>;
  watchers: number;
  sources: Map<string, number>;
  resolutions: Map<number, number>;
  /** Per watched source, the newest time read so far: where to read from after a lost notification. */
  since: Map<string, number>;
}

/** One read: the sources a change (or several, merged) touched, over a span of measurement time. */
interface ChangeRead {
  sourceIds: Set<string>;
  from: number;
  to: number;
  /** Notifications may have been lost before this read: tell every watcher. */
  gap: boolean;
}

export interface SeriesFanoutOptions {
  /** Points one subscriber may have waiting (see bufferSeries). */
  bufferPoints: number;
  /** Rows one read may return; a change bigger than that tells its watchers `gap` instead. */
  maxRowsPerRead?: number;
  onError: (error: unknown) => void;
}

const EARLIEST = Number.MIN_SAFE_INTEGER;
const LATEST = Number.MAX_SAFE_INTEGER;

/**
 * `seriesUpdated`: the change feed fanned out to every series subscriber of this process. For each change
 * the points are read once per tenant, for all the sources its subscribers watch, then filtered once per
 * audience to the sources it watches and may see (owner checked against the catalogue at each read, so an
 * ownership transfer stops the flow), and that audience's one message handed to each of its members.
 */
export class SeriesFanout {
  private readonly tenants = new Map<string, TenantWatchers>();
  private readonly reads: SerialReads<string, ChangeRead>;
  private readonly maxRows: number;
  private readonly unlisten: (() => void)[];

  constructor(
    private readonly readModels: ReadModels,
    feed: ChangeFeed,
    private readonly options: SeriesFanoutOptions,
  ) {
    this.maxRows = options.maxRowsPerRead ?? 50_000;
    this.reads = new SerialReads(
      (a, b) => ({
        sourceIds: new Set([...a.sourceIds, ...b.sourceIds]),
        from: Math.min(a.from, b.from),
        to: Math.max(a.to, b.to),
        gap: a.gap || b.gap,
      }),
      (tenant, read) => this.read(tenant, read),
      (error, tenant, read) => {
        options.onError(error);
        // The read failed: its watchers cannot know what they missed, unless told.
        this.deliver(tenant, read, [], true);
      },
    );
    this.unlisten = [feed.onNotice((notice) => this.onNotice(notice)), feed.onResync(() => this.resyncAll())];
  }

  get subscribers(): number {
    let count = 0;
    for (const tenant of this.tenants.values()) count += tenant.watchers;
    return count;
  }

  /**
   * A subscription to changes of sources the caller was checked to see; `lastTs` is each source's newest
   * point when it subscribed (where a catch-up after a lost notification starts).
   */
  subscribe(
    watch: SeriesWatch,
    lastTs: ReadonlyMap<string, number | null>,
  ): AsyncIterableIterator<SeriesUpdate> {
    const tenant = this.tenantWatchers(watch.tenant);
    const audience = this.audienceOf(tenant, watch);
    const watcher: Watcher = {
      audience,
      mailbox: new Mailbox(
        (pending) => pendingMessage(pending, audience.resolution, audience.watch.aggregate),
        () => this.leave(watcher),
      ),
    };
    audience.members.add(watcher);
    tenant.watchers++;
    for (const sourceId of watch.sourceIds) {
      count(tenant.sources, sourceId, +1);
      const since = Math.max(tenant.since.get(sourceId) ?? EARLIEST, lastTs.get(sourceId) ?? EARLIEST);
      tenant.since.set(sourceId, since);
    }
    count(tenant.resolutions, WIDTH_MS[watch.resolution], +1);
    return watcher.mailbox;
  }

  async close(): Promise<void> {
    for (const unlisten of this.unlisten) unlisten();
    for (const tenant of [...this.tenants.values()]) {
      for (const audience of [...tenant.audiences.values()]) {
        for (const watcher of [...audience.members]) watcher.mailbox.close();
      }
    }
    await this.reads.idle();
  }

  private onNotice(notice: ChangeNotice): void {
    if (notice.projection !== timeseriesProjection.name) return;
    // A new version serves now: its rows may differ anywhere.
    if (notice.kind === 'switch') return this.resyncAll();
    if (notice.from === undefined || notice.to === undefined) return;
    const tenant = this.tenants.get(notice.tenant);
    if (!tenant) return;
    const watched = notice.sourceIds.filter((sourceId) => tenant.sources.has(sourceId));
    if (watched.length === 0) return;
    this.reads.add(notice.tenant, {
      sourceIds: new Set(watched),
      from: notice.from,
      to: notice.to,
      gap: false,
    });
  }

  /** After a lost connection: read every watched source from the newest time already read, and say `gap`. */
  private resyncAll(): void {
    for (const [tenantId, tenant] of this.tenants) {
      let from = LATEST;
      for (const sourceId of tenant.sources.keys())
        from = Math.min(from, tenant.since.get(sourceId) ?? EARLIEST);
      this.reads.add(tenantId, { sourceIds: new Set(tenant.sources.keys()), from, to: LATEST, gap: true });
    }
  }

  private async read(tenantId: string, read: ChangeRead): Promise<void> {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return;
    const sourceIds = [...read.sourceIds].filter((sourceId) => tenant.sources.has(sourceId));
    if (sourceIds.length === 0) return;
    await this.readModels.inTenant(tenantId, async (client) => {
      const rows = await readChangedPoints(client, {
        tenant: tenantId,
        sourceIds,
        resolutions: [...tenant.resolutions.keys()],
        from: read.from,
        to: read.to,
        limit: this.maxRows + 1,
      });
      // Handed on before the read-only transaction's COMMIT comes back: its rows are final already.
      if (rows.length > this.maxRows) return this.deliver(tenantId, read, [], true);
      for (const row of rows) {
        if (row.t > (tenant.since.get(row.sourceId) ?? EARLIEST)) tenant.since.set(row.sourceId, row.t);
      }
      this.deliver(tenantId, read, rows, read.gap);
    });
  }

  private deliver(tenantId: string, read: ChangeRead, rows: readonly ChangedPoint[], gap: boolean): void {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return;
    const { bufferPoints } = this.options;
    for (const audience of tenant.audiences.values()) {
      const { watch } = audience;
      if (![...read.sourceIds].some((sourceId) => watch.sourceIds.has(sourceId))) continue;
      const width = WIDTH_MS[watch.resolution];
      const incoming = new Map<string, SeriesPoint[]>();
      for (const row of rows) {
        if (row.resolution !== width || !watch.sourceIds.has(row.sourceId)) continue;
        if (!watch.seesAll && row.owner !== watch.subject) continue;
        const { sourceId, owner: _owner, resolution: _resolution, ...point } = row;
        let points = incoming.get(sourceId);
        if (!points) incoming.set(sourceId, (points = []));
        points.push(point);
      }
      if (incoming.size === 0 && !gap) continue;
      const update: SharedSeriesUpdate = sharedSeriesUpdate(
        incoming,
        gap,
        bufferPoints,
        audience.resolution,
        watch.aggregate,
      );
      const fold = (pending: SeriesPending | undefined) => foldSeries(pending, update, bufferPoints);
      for (const watcher of audience.members) watcher.mailbox.put(fold);
    }
  }

  private tenantWatchers(tenantId: string): TenantWatchers {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = {
        audiences: new Map(),
        watchers: 0,
        sources: new Map(),
        resolutions: new Map(),
        since: new Map(),
      };
      this.tenants.set(tenantId, tenant);
    }
    return tenant;
  }

  /** The audience a watch belongs to (its tenant is the map's), made when it is the first of its kind. */
  private audienceOf(tenant: TenantWatchers, watch: SeriesWatch): Audience {
    const key = JSON.stringify([
      watch.seesAll ? null : watch.subject,
      watch.resolution,
      watch.aggregate,
      [...watch.sourceIds].sort(),
    ]);
    let audience = tenant.audiences.get(key);
    if (!audience) {
      audience = { key, watch, resolution: resolutionName(watch.resolution), members: new Set() };
      tenant.audiences.set(key, audience);
    }
    return audience;
  }

  private leave(watcher: Watcher): void {
    const { audience } = watcher;
    const tenant = this.tenants.get(audience.watch.tenant);
    if (!tenant || !audience.members.delete(watcher)) return;
    tenant.watchers--;
    if (audience.members.size === 0) tenant.audiences.delete(audience.key);
    for (const sourceId of audience.watch.sourceIds) {
      if (count(tenant.sources, sourceId, -1) === 0) tenant.since.delete(sourceId);
    }
    count(tenant.resolutions, WIDTH_MS[audience.watch.resolution], -1);
    if (tenant.watchers === 0) this.tenants.delete(audience.watch.tenant);
  }
}

/** Reference counts: adds `by`, removes the key at zero, returns the new count. */
function count<Key>(counts: Map<Key, number>, key: Key, by: number): number {
  const next = (counts.get(key) ?? 0) + by;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
  return Math.max(0, next);
}
