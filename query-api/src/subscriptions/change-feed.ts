import pgListen from 'pg-listen';
import { CHANGES_CHANNEL } from '@chronicle/projectors';
import { parseChangeNotice, type ChangeNotice } from './change-notice.js';

const createSubscriber = pgListen.default;

/**
 * The process's one LISTEN connection on the projectors' change channel, shared by every subscription.
 * It reconnects forever (pg-listen gives up after 3 s unless told otherwise), and after each reconnect
 * tells its listeners to read again: notifications sent while it was away are lost for good.
 */
export class ChangeFeed {
  private readonly noticeListeners = new Set<(notice: ChangeNotice) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private subscriber: ReturnType<typeof createSubscriber> | undefined;
  private listening = false;
  private closed = false;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Resolves once listening (retrying the first connection until it works or the feed is closed). */
  start(): Promise<void> {
    this.starting ??= this.connect();
    return this.starting;
  }

  /** True while the connection listens (readiness). */
  get connected(): boolean {
    return this.listening;
  }

  onNotice(listener: (notice: ChangeNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /** Called after every reconnect: anything may have changed meanwhile. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => {});
    this.listening = false;
    await this.subscriber?.close().catch(() => {});
  }

  private async connect(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      const subscriber = createSubscriber(
        { connectionString: this.connectionString, application_name: 'chronicle-query-api-changes' },
        { retryTimeout: 0, retryLimit: Infinity, retryInterval: (n) => Math.min(100 * 2 ** n, 5_000) },
      );
      subscriber.events.on('error', (error) => this.onError(error));
      subscriber.events.on('reconnect', () => (this.listening = false));
      // pg-listen says `connected` after a reconnect only once it listens again; the first connect is
      // followed by our own listenTo below, so only later ones mean "read again".
      subscriber.events.on('connected', () => {
        if (!this.subscriber) return;
        this.listening = true;
        for (const listener of this.resyncListeners) listener();
      });
      subscriber.notifications.on(CHANGES_CHANNEL, (payload: unknown) => {
        const notice = parseChangeNotice(payload);
        if (notice) for (const listener of this.noticeListeners) listener(notice);
      });
      try {
        await subscriber.connect();
        await subscriber.listenTo(CHANGES_CHANNEL);
        this.subscriber = subscriber;
        this.listening = true;
        if (this.closed) await subscriber.close();
        return;
      } catch (error) {
        // pg-listen does not retry a first connection that fails: retry it here.
        this.onError(error as Error);
        await subscriber.close().catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 5_000)));
      }
    }
  }
}
