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
          // A notifying transaction gets a transaction id, so its commit would wait for a WAL flush of
          // its own: a second fsync per append. A wake-up is a hint, so it need not be durable.
          text: `SELECT set_config('synchronous_commit', 'off', true), pg_notify('${CHANNEL}', payload)
                   FROM unnest($1::text[]) AS payload`,
          values: [batch],
        })
        .catch((error: Error) => this.onError(error));
    }
    this.sending = false;
  }
}
