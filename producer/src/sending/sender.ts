import { appendFile } from 'node:fs/promises';
import { Agent, request } from 'undici';
import type { FileSpool, SpooledEntry } from '../spool/file-spool.js';
import type { TokenSource } from '../tokens/token-source.js';
import { backoffMs, retryAfterMs } from './backoff.js';

export interface SenderOptions {
  apiUrl: string;
  tokens: TokenSource;
  spool: FileSpool;
  /** Requests on the wire at once. */
  maxInFlight: number;
  /** Where permanently refused requests go (one JSON line each), so nothing vanishes silently. */
  rejectedFile: string;
  onDelivered?: (points: number) => void;
  onRejected?: (entry: SpooledEntry, status: number, problem: string) => void;
  /** A failed attempt that will be retried (network, 429, 5xx, 401). */
  onRetry?: (status: number | 'network', error?: unknown) => void;
  random?: () => number;
  /** Waits between attempts (tests watch them); default a timer the sender's stop cancels. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface InFlight {
  entry: SpooledEntry;
  done: boolean;
}

/**
 * Sends the spool's entries in order, up to `maxInFlight` at once, each until the API accepts it (retrying
 * 429 after Retry-After, 5xx and network failures with backoff, 401 after a new token) or refuses it for
 * good (other 4xx: set aside in the rejected file). Entries are acknowledged to the spool in order, so a
 * crash resends from the oldest unacknowledged one; the Idempotency-Key makes the resend harmless.
 */
export class Sender {
  private readonly inFlight: InFlight[] = [];
  private readonly agent: Agent;
  private readonly abort = new AbortController();
  private readonly random: () => number;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];
  private acknowledging = Promise.resolve();

  constructor(private readonly options: SenderOptions) {
    this.agent = new Agent({ connections: options.maxInFlight, keepAliveTimeout: 30_000 });
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.running ??= this.run();
  }

  /** New entries are in the spool. */
  notify(): void {
    this.wake?.();
  }

  /** Resolves when everything spooled so far has been delivered or set aside. */
  async idle(): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.notify();
    });
  }

  /** Stops at once: requests in flight are abandoned and stay in the spool for the next run. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.running?.catch(() => {});
    await this.acknowledging;
    await this.agent.close().catch(() => {});
  }

  private isIdle(): boolean {
    return this.inFlight.length === 0 && this.options.spool.backlog.entries === 0;
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      while (this.inFlight.length < this.options.maxInFlight) {
        const entry = await this.options.spool.read();
        if (!entry) break;
        const slot: InFlight = { entry, done: false };
        this.inFlight.push(slot);
        void this.deliver(entry).then(
          () => this.finish(slot),
          () => {}, // aborted: stays unacknowledged in the spool
        );
      }
      if (this.isIdle()) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (this.abort.signal.aborted) resolve();
      });
      this.wake = undefined;
    }
  }

  private finish(slot: InFlight): void {
    slot.done = true;
    // Acknowledge the done prefix, in order, one acknowledgement at a time.
    this.acknowledging = this.acknowledging.then(async () => {
      while (this.inFlight[0]?.done) {
        const { entry } = this.inFlight.shift()!;
        await this.options.spool.acknowledge(entry.end, entry);
      }
      this.wake?.();
    });
  }

  private async deliver(entry: SpooledEntry): Promise<void> {
    const { apiUrl, tokens } = this.options;
    for (let attempt = 0; ; attempt++) {
      const signal = this.abort.signal;
      signal.throwIfAborted();
      let status: number;
      let retryAfter: number | undefined;
      let problem: string;
      try {
        const token = await tokens.get();
        const response = await request(`${apiUrl}/api/messages`, {
          method: 'POST',
          dispatcher: this.agent,
          signal,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': entry.key,
          },
          body: entry.body,
        });
        status = response.statusCode;
        retryAfter = retryAfterMs(response.headers['retry-after']);
        problem = await response.body.text();
      } catch (error) {
        signal.throwIfAborted();
        this.options.onRetry?.('network', error);
        await this.sleep(backoffMs(attempt, this.random));
        continue;
      }
      if (status >= 200 && status < 300) {
        this.options.onDelivered?.(entry.points);
        return;
      }
      if (status === 401) {
        tokens.invalidate();
        this.options.onRetry?.(status);
        if (attempt > 0) await this.sleep(backoffMs(attempt, this.random));
        continue;
      }
      if (status === 429 || status >= 500) {
        this.options.onRetry?.(status);
        await this.sleep(retryAfter ?? backoffMs(attempt, this.random));
        continue;
      }
      await appendFile(
        this.options.rejectedFile,
        `${JSON.stringify({ at: new Date().toISOString(), status, key: entry.key, problem, body: entry.body })}\n`,
      );
      this.options.onRejected?.(entry, status, problem);
      return;
    }
  }

  private sleep(ms: number): Promise<void> {
    return (this.options.sleep ?? abortableSleep)(ms, this.abort.signal);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
