import type pg from 'pg';
import { CHANNEL } from '../subscribe/wake-ups.js';

/**
 * Sends the wake-up NOTIFY after appends commit, on its own tiny transaction. Notifying inside the append
 * would hold PostgreSQL's cluster-wide notify lock through the append's commit flush, one committer at a
 * time. Wake-ups pending while one is in flight are merged into the next. A wake-up lost (the process dies
 * after commit) costs readers one poll interval, never an event: readers always re-read the store.
 */
export class CommitAnnouncer {
  private pending = new Map<string, bigint>();
  private sending = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly onError: (error: Error) => void,
  ) {}

  announce(tenant: string, position: bigint): void {
    const known = this.pending.get(tenant);
    if (known === undefined || position > known) this.pending.set(tenant, position);
    if (!this.sending) void this.send();
  }

  private async send(): Promise<void> {
    this.sending = true;
    while (this.pending.size > 0) {
      const batch = [...this.pending].map(([tenant, position]) =>
        JSON.stringify({ tenant, position: `${position}` }),
      );
      this.pending = new Map();
      await this.pool
        .query({
          name: 'chronicle_wake_up',
          text: `SELECT pg_notify('${CHANNEL}', payload) FROM unnest($1::text[]) AS payload`,
          values: [batch],
        })
        .catch((error: Error) => this.onError(error));
    }
    this.sending = false;
  }
}
