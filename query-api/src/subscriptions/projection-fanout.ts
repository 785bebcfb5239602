import { projectionStatuses } from '@chronicle/projectors';
import type { ReadModels } from '../database/read-models.js';
import type { Projection } from '../graphql/schema-types.generated.js';
import { projectionView } from '../projections/projection-view.js';
import type { ChangeFeed } from './change-feed.js';
import { Mailbox } from './mailbox.js';
import { SerialReads } from './serial-reads.js';

/**
 * `projectionProgress` for ops: every projection's status, read once per change (any tenant's) for all
 * watchers, latest replacing what a slow watcher has waiting. A version that builds sends no notifications
 * (its changes are old news), so while anyone watches, the status is also read every `pollIntervalMs`.
 */
export class ProjectionFanout {
  private readonly watchers = new Set<Mailbox<Projection[], Projection[]>>();
  private readonly reads: SerialReads<'all', true>;
  private readonly unlisten: (() => void)[];
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly readModels: ReadModels,
    feed: ChangeFeed,
    private readonly options: { pollIntervalMs: number; onError: (error: unknown) => void },
  ) {
    this.reads = new SerialReads(
      () => true,
      () => this.read(),
      (error) => options.onError(error),
    );
    this.unlisten = [feed.onNotice(() => this.refresh()), feed.onResync(() => this.refresh())];
  }

  get subscribers(): number {
    return this.watchers.size;
  }

  /** A watcher's first message is the status as it stands. */
  subscribe(): AsyncIterableIterator<Projection[]> {
    const mailbox: Mailbox<Projection[], Projection[]> = new Mailbox(
      (statuses) => statuses,
      () => {
        this.watchers.delete(mailbox);
        if (this.watchers.size > 0) return;
        clearInterval(this.poll);
        this.poll = undefined;
      },
    );
    this.watchers.add(mailbox);
    if (!this.poll) {
      this.poll = setInterval(() => this.refresh(), this.options.pollIntervalMs);
      this.poll.unref();
    }
    this.refresh();
    return mailbox;
  }

  async close(): Promise<void> {
    for (const unlisten of this.unlisten) unlisten();
    for (const watcher of [...this.watchers]) watcher.close();
    clearInterval(this.poll);
    await this.reads.idle();
  }

  private refresh(): void {
    if (this.watchers.size > 0) this.reads.add('all', true);
  }

  private async read(): Promise<void> {
    if (this.watchers.size === 0) return;
    const statuses = (await this.readModels.asPlatform((client) => projectionStatuses(client))).map(
      projectionView,
    );
    for (const watcher of this.watchers) watcher.put(() => statuses);
  }
}
