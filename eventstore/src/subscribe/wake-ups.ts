import pgListen from 'pg-listen';

const createSubscriber = pgListen.default;

export const CHANNEL = 'chronicle_events';

export interface WakeUp {
  /** Null after a (re)connect: anything may have been written while we were not listening. */
  tenant: string | null;
}

type Listener = (wakeUp: WakeUp) => void;

/**
 * One LISTEN connection per store, shared by its subscriptions. It reconnects forever, and after every
 * (re)connect wakes everyone, because notifications sent while disconnected are lost: readers catch up by
 * reading the store, never by trusting notifications.
 */
export class WakeUps {
  private readonly listeners = new Set<Listener>();
  private subscriber: ReturnType<typeof createSubscriber> | undefined;
  private starting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Registers a listener; returns the function that removes it. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    this.starting ??= this.start();
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting;
    await this.subscriber?.close().catch(() => {});
  }

  private async start(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      const subscriber = createSubscriber(
        { connectionString: this.connectionString },
        { retryTimeout: 0, retryLimit: Infinity, retryInterval: (n) => Math.min(100 * 2 ** n, 5000) },
      );
      subscriber.events.on('error', (error) => this.onError(error));
      subscriber.events.on('connected', () => this.broadcast({ tenant: null }));
      subscriber.notifications.on(CHANNEL, (payload: { tenant?: string } | undefined) =>
        this.broadcast({ tenant: payload?.tenant ?? null }),
      );
      try {
        await subscriber.connect();
        await subscriber.listenTo(CHANNEL);
        this.subscriber = subscriber;
        if (this.closed) await subscriber.close();
        return;
      } catch (error) {
        // The first connect is not retried by pg-listen: retry it here, readers poll meanwhile.
        this.onError(error as Error);
        await subscriber.close().catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 5000)));
      }
    }
  }

  private broadcast(wakeUp: WakeUp): void {
    for (const listener of this.listeners) listener(wakeUp);
  }
}
