import { join } from 'node:path';
import { Batcher } from './batching/batcher.js';
import { Sender } from './sending/sender.js';
import { FileSpool } from './spool/file-spool.js';
import type { TokenSource } from './tokens/token-source.js';

export interface ProducerOptions {
  apiUrl: string;
  tokens: TokenSource;
  /** Directory of the durable spool (and of `rejected.ndjson`). */
  spoolDir: string;
  /** Points per request. Default 500. */
  batchSize?: number;
  /** Longest a point waits for its batch to fill. Default 200 ms. */
  flushMs?: number;
  /** Requests on the wire at once. Default 4. */
  maxInFlight?: number;
  onRetry?: (status: number | 'network', error?: unknown) => void;
  /** A batch could not be written to the spool (disk full, say): its points are lost, and said so here. */
  onSpoolError?: (error: unknown) => void;
}

export interface ProducerStats {
  /** Points handed to `record`. */
  recorded: number;
  /** Points the API accepted. */
  sent: number;
  /** Points on disk waiting for the API (including those being sent). */
  spooled: number;
  /** Failed attempts that will be retried, and requests set aside as refused. */
  retries: number;
  rejected: number;
}

export interface Producer {
  record(sourceId: string, t: number, v: number): void;
  /** Puts everything recorded so far into the spool. */
  flush(): Promise<void>;
  /** Resolves once everything recorded so far has been accepted (or set aside as refused). */
  drain(): Promise<void>;
  stats(): ProducerStats;
  /** Spools what is waiting and stops; what the API has not accepted is sent by the next run. */
  close(): Promise<void>;
}

/** A producer: batches by size and time, spools every request to disk before sending, sends in order. */
export async function createProducer(options: ProducerOptions): Promise<Producer> {
  const batchSize = options.batchSize ?? 500;
  const spool = await FileSpool.open(options.spoolDir);
  const batcher = new Batcher(batchSize);
  const stats = { recorded: 0, sent: 0, retries: 0, rejected: 0 };
  const sender = new Sender({
    apiUrl: options.apiUrl.replace(/\/+$/, ''),
    tokens: options.tokens,
    spool,
    maxInFlight: options.maxInFlight ?? 4,
    rejectedFile: join(options.spoolDir, 'rejected.ndjson'),
    onDelivered: (points) => (stats.sent += points),
    onRejected: () => stats.rejected++,
    onRetry: (status, error) => {
      stats.retries++;
      options.onRetry?.(status, error);
    },
  });
  sender.start();
  let flushing = Promise.resolve();
  const reportSpoolError = options.onSpoolError ?? ((error: unknown) => console.error(error));
  const flush = () => {
    const entries = batcher.cut();
    // Appends keep the order of the cuts: each flush waits for the one before, without inheriting its failure.
    flushing = flushing
      .catch(() => {})
      .then(async () => {
        for (const entry of entries) await spool.append(entry);
        if (entries.length) sender.notify();
      });
    return flushing;
  };
  const timer = setInterval(() => {
    if (batcher.size > 0) flush().catch(reportSpoolError);
  }, options.flushMs ?? 200);

  return {
    record(sourceId, t, v) {
      batcher.add(sourceId, { t, v });
      stats.recorded++;
      if (batcher.full) flush().catch(reportSpoolError);
    },
    flush,
    async drain() {
      await flush();
      await sender.idle();
    },
    stats: () => ({ ...stats, spooled: spool.backlog.points }),
    async close() {
      clearInterval(timer);
      await flush();
      await sender.stop();
      await spool.close();
    },
  };
}
