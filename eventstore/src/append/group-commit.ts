import type pg from 'pg';
import { CHANNEL } from '../subscribe/wake-ups.js';
import type { CarriedWakeUps } from './commit-announcer.js';
import type { SerialisedAppend } from './serialise-append.js';

/** One request's outcome as chronicle.append() reports it. */
export type AppendOutcome =
  | {
      status: 'ok';
      streams: {
        id: string;
        version: number;
        firstPosition: number | string;
        lastPosition: number | string;
      }[];
      transactionId: string;
    }
  | { status: 'conflict'; stream: string; expected: string | number; actual: number }
  | { status: 'duplicate'; result: AppendOutcome & { status: 'ok' } }
  | { status: 'key_reused' };

export interface GroupCommitOptions {
  /** Merged transactions in flight at once; the rest of the callers queue for the next merge. */
  maxInFlight: number;
  /** Most events merged into one transaction. */
  maxBatchEvents: number;
  /**
   * Fewest events a share must hold for what is queued to be split among free slots. A transaction's own
   * cost (its statement, its lock statement, its commit flush) is worth paying twice only for enough events.
   */
  minEventsPerShare: number;
  /** How often a batch is retried after a serialization failure or deadlock. */
  maxRetries: number;
  /** Wake-ups for committed appends; without it, none are sent. */
  wakeUps?: WakeUpSender;
}

/** What group commit asks of the wake-up sender (`CommitAnnouncer`). */
export interface WakeUpSender {
  /** As a batch starts: the wake-ups its transaction is to send as it commits, if one is due. */
  carry(tenants: Iterable<string>): CarriedWakeUps | undefined;
  /** The carrying transaction rolled back. */
  notCarried(carried: CarriedWakeUps): void;
  /** An append committed in a transaction that did not carry its wake-up. */
  announce(tenant: string): void;
}

interface Pending {
  append: SerialisedAppend;
  resolve(outcome: AppendOutcome): void;
  reject(error: unknown): void;
}

// 40001 serialization_failure (raised by chronicle.append for ordering), 40P01 deadlock_detected.
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Group commit: callers that arrive while a transaction is in flight are merged into the next one, so N
 * concurrent appends cost one commit (one WAL flush) instead of N. chronicle.append() applies each merged
 * request on its own terms (its own expected versions, idempotency key and all-or-nothing outcome); a
 * batch that fails as a whole for a reason tied to one request is re-run request by request, so one
 * caller's failure is never another's.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private queuedEvents = 0;
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(append: SerialisedAppend): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.queuedEvents += append.eventCount;
      this.schedule();
    });
  }

  /**
   * Starts batches on the next turn of the event loop, not at once: callers whose previous appends just
   * committed together resubmit within the same turn, and then share the next commit too.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /**
   * Shares what is queued among the free slots instead of handing it all to the first: callers that
   * committed together come back together, and one batch holding all of them would run on one backend
   * while the other slots stay idle, the callers moving in lock-step behind it. Small batches stay whole:
   * eight 1-event appends commit faster as one transaction than as two running side by side.
   */
  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const freeSlots = this.options.maxInFlight - this.inFlight;
      const share = Math.max(Math.ceil(this.queuedEvents / freeSlots), this.options.minEventsPerShare);
      const batch = this.takeBatch(Math.min(share, this.options.maxBatchEvents));
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  /** The longest run of queued appends within `maxEvents` (always at least one append). */
  private takeBatch(maxEvents: number): Pending[] {
    const batch: Pending[] = [];
    let events = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (batch.length > 0 && events + next.append.eventCount > maxEvents) break;
      batch.push(this.queue.shift()!);
      events += next.append.eventCount;
    }
    this.queuedEvents -= events;
    return batch;
  }

  private async commit(queued: Pending[]): Promise<void> {
    // chronicle.append() locks the heads of one-stream requests in the batch's order: sorted, two batches
    // never wait on each other in a cycle. (The sort is stable: one stream's appends keep their order.)
    const batch = queued.length > 1 ? [...queued].sort(byLockKey) : queued;
    const carried = this.options.wakeUps?.carry(batch.map((pending) => pending.append.tenant));
    try {
      const outcomes = await this.execute(
        batch.map((pending) => pending.append.json),
        carried?.payloads,
      );
      batch.forEach((pending, index) => this.settle(pending, outcomes[index]!, carried !== undefined));
    } catch (error) {
      if (carried) this.options.wakeUps!.notCarried(carried);
      // Nothing was written. Find out whose request it was by running each alone, without wake-ups: a
      // NOTIFY can fail a commit too (the notification queue full behind a stuck listener), and an
      // append must never fail for its wake-up.
      if ((batch.length > 1 || carried) && !isConnectionError(error)) {
        for (const pending of batch) {
          await this.execute([pending.append.json]).then(
            ([outcome]) => this.settle(pending, outcome!, false),
            (alone: unknown) => pending.reject(alone),
          );
        }
      } else {
        for (const pending of batch) pending.reject(error);
      }
    }
  }

  private settle(pending: Pending, outcome: AppendOutcome, announced: boolean): void {
    if (outcome.status === 'ok' && !announced) this.options.wakeUps?.announce(pending.append.tenant);
    pending.resolve(outcome);
  }

  /**
   * One statement, so one implicit transaction: every request of the batch commits together, and the
   * wake-ups it carries are sent as it commits (PostgreSQL delivers NOTIFY on commit, never on rollback).
   */
  private async execute(requests: string[], wakeUps?: string[]): Promise<AppendOutcome[]> {
    const batch = `[${requests.join(',')}]`;
    for (let attempt = 0; ; attempt++) {
      try {
        // Named, so each connection parses and plans each once.
        const { rows } = await this.pool.query<{ outcomes: string }>(
          wakeUps
            ? {
                name: 'chronicle_append_waking',
                text: `SELECT chronicle.append($1::jsonb) AS outcomes,
                              (SELECT count(pg_notify('${CHANNEL}', payload)) FROM unnest($2::text[]) AS payload)`,
                values: [batch, wakeUps],
              }
            : {
                name: 'chronicle_append',
                text: 'SELECT chronicle.append($1::jsonb) AS outcomes',
                values: [batch],
              },
        );
        return JSON.parse(rows[0]!.outcomes) as AppendOutcome[];
      } catch (error) {
        if (attempt >= this.options.maxRetries || !RETRYABLE.has((error as { code?: string }).code ?? ''))
          throw error;
      }
    }
  }
}

/** Code point order, which is PostgreSQL's "C" order of the same text (`<` compares UTF-16 units). */
function byLockKey(a: Pending, b: Pending): number {
  const [x, y] = [a.append.lockKey, b.append.lockKey];
  let i = 0;
  while (i < x.length && i < y.length && x.charCodeAt(i) === y.charCodeAt(i)) i++;
  if (i === x.length || i === y.length) return x.length - y.length;
  return x.codePointAt(i)! - y.codePointAt(i)!;
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  // No SQLSTATE means the driver failed (socket closed, timeout); class 08 is connection exception.
  return code === undefined || code.startsWith('08') || code === '57P01';
}
