import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { CHANNEL } from '../subscribe/wake-ups.js';

/** Wake-ups a batch's own transaction sends as it commits (NOTIFY payloads), and for whom. */
export interface CarriedWakeUps {
  readonly payloads: string[];
  /** Tenants of earlier commits taken from the pending set: still owed if the batch rolls back. */
  readonly owed: string[];
}

/**
 * Sends the wake-up NOTIFYs for committed appends, at most one per `minIntervalMs`: the first after a quiet
 * spell at once, the ones during the interval merged into one at its end. Every listener re-reads the log
 * on each, and a wake-up is a transaction's work on both sides.
 *
 * When one is due as a batch starts, that batch's transaction carries it (`carry`): its tenants and any
 * still pending, notified as it commits. Otherwise a wake-up goes out on its own tiny transaction. A
 * notifying transaction holds PostgreSQL's cluster-wide notify lock through its commit flush, so
 * notifying commits are serialised; carrying at most one wake-up per interval keeps that to one commit
 * in many under load, and saves the extra transaction (~4% of 100-event appends with one writer, measured
 * 2026-12-03). A wake-up lost (the process dies after commit) costs readers one poll interval, never an
 * event: readers always re-read the store.
 */
export class CommitAnnouncer {
  private pending = new Set<string>();
  private sending: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private waitingForBatch = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private closing = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly minIntervalMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  /** An append of `tenant` committed without carrying its wake-up. */
  announce(tenant: string): void {
    this.pending.add(tenant);
    this.schedule();
  }

  /** Asked as a batch starts: the wake-ups its transaction is to send, if one is due now. */
  carry(tenants: Iterable<string>): CarriedWakeUps | undefined {
    if (this.closing || performance.now() < this.lastSentAt + this.minIntervalMs) return undefined;
    const owed = [...this.pending];
    this.pending = new Set();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastSentAt = performance.now();
    const all = new Set([...owed, ...tenants]);
    return { payloads: [...all].map(payloadOf), owed };
  }

  /** The carrying transaction rolled back: its own appends are announced as they are re-run. */
  notCarried(carried: CarriedWakeUps): void {
    for (const tenant of carried.owed) this.pending.add(tenant);
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
    if (this.sending || this.pending.size === 0) return;
    if (this.closing) {
      this.sending = this.send();
      return;
    }
    if (this.timer || this.waitingForBatch) return;
    const wait = this.lastSentAt + this.minIntervalMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
      // A wake-up is a hint: it must not keep a process alive that has nothing else to do.
      this.timer.unref();
      return;
    }
    // Due now. Callers whose appends just committed resubmit before the event loop's next check phase,
    // and group commit starts their batch there (setImmediate): a batch that starts carries the wake-up;
    // if none did by the check phase after, it goes out on its own.
    this.waitingForBatch = true;
    setImmediate(() =>
      setImmediate(() => {
        this.waitingForBatch = false;
        const due = performance.now() >= this.lastSentAt + this.minIntervalMs;
        if (due && !this.sending && this.pending.size > 0) this.sending = this.send();
        else this.schedule();
      }),
    );
  }

  private async send(): Promise<void> {
    const batch = [...this.pending].map(payloadOf);
    this.pending = new Set();
    this.lastSentAt = performance.now();
    await this.pool
      .query({
        name: 'chronicle_wake_up',
        // A notifying transaction gets a transaction id, so its commit would wait for a WAL flush of
        // its own. A wake-up is a hint, so it need not be durable.
        text: `SELECT set_config('synchronous_commit', 'off', true), pg_notify('${CHANNEL}', payload)
                 FROM unnest($1::text[]) AS payload`,
        values: [batch],
      })
      .catch((error: Error) => this.onError(error));
    this.sending = undefined;
    this.schedule();
  }
}

function payloadOf(tenant: string): string {
  return JSON.stringify({ tenant });
}
