import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { CHANNEL } from '../subscribe/wake-ups.js';

/**
 * Sends the wake-up NOTIFY after appends commit, on its own tiny transaction. Notifying inside the append
 * would hold PostgreSQL's cluster-wide notify lock through the append's commit flush, one committer at a
 * time. A wake-up lost (the process dies after commit) costs readers one poll interval, never an event:
 * readers always re-read the store.
 *
 * At most one wake-up goes out per `minIntervalMs`: the first after a quiet spell at once, the ones
 * during the interval merged into one at its end. Under load each wake-up is a transaction (~0.4 ms of
 * server and client CPU here) that would otherwise come with every merged commit, and every listener
 * re-reads the log on each; a live reader waits at most the interval longer.
 */
export class CommitAnnouncer {
  private pending = new Map<string, bigint>();
  private sending: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private closing = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly minIntervalMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  announce(tenant: string, position: bigint): void {
    const known = this.pending.get(tenant);
    if (known === undefined || position > known) this.pending.set(tenant, position);
    this.schedule();
  }

  /** Sends what is pending now, without waiting for the interval, and waits until it is sent. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
    while (this.sending) await this.sending;
  }

  private schedule(): void {
    if (this.sending || this.timer || this.pending.size === 0) return;
    const wait = this.closing ? 0 : this.lastSentAt + this.minIntervalMs - performance.now();
    if (wait <= 0) {
      this.sending = this.send();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, wait);
    // A wake-up is a hint: it must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  private async send(): Promise<void> {
    const batch = [...this.pending].map(([tenant, position]) =>
      JSON.stringify({ tenant, position: `${position}` }),
    );
    this.pending = new Map();
    this.lastSentAt = performance.now();
    await this.pool
      .query({
        name: 'chronicle_wake_up',
        // A notifying transaction gets a transaction id, so its commit would wait for a WAL flush of
        // its own: a second fsync per append. A wake-up is a hint, so it need not be durable.
        text: `SELECT set_config('synchronous_commit', 'off', true), pg_notify('${CHANNEL}', payload)
                 FROM unnest($1::text[]) AS payload`,
        values: [batch],
      })
      .catch((error: Error) => this.onError(error));
    this.sending = undefined;
    this.schedule();
  }
}
