import type pg from 'pg';
import { START, checkpointOf, type Checkpoint, type RecordedEvent } from '../types.js';
import type { EnvelopeReadHook } from '@chronicle/domain';
import type { EventBatch } from '../read/event-row.js';
import {
  eventsOf,
  hasEventsBeyondHorizon,
  logQueryOf,
  readLogBatch,
  type ReadAllOptions,
} from '../read/read-log.js';
import type { WakeUps } from './wake-ups.js';

export interface SubscribeOptions extends ReadAllOptions {
  /** Longest wait between reads when no notification arrives (the polling fallback). */
  pollIntervalMs?: number;
  /** Called when a read fails; the subscription backs off and retries forever. */
  onError?: (error: unknown) => void;
}

export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** The checkpoint after the last event handed out. */
  readonly checkpoint: Checkpoint;
  close(): void;
}

// How soon to look again while the horizon holds back events that exist: an open transaction must end first.
const HORIZON_RETRY_MS = [1, 2, 5, 10, 20, 50];

/**
 * Catch-up, then live: reads the log from a checkpoint in batches; when caught up, waits for a wake-up
 * (NOTIFY), a reconnect, or the poll interval, then reads again. Events come out once each, in log order.
 */
export function subscribe(
  pool: pg.Pool,
  upcast: EnvelopeReadHook | undefined,
  wakeUps: WakeUps,
  options: SubscribeOptions = {},
): Subscription {
  const query = logQueryOf(options);
  const { pollIntervalMs = 1000, onError = () => {} } = options;
  let checkpoint = options.from ?? START;
  let closed = false;
  let wake: (() => void) | undefined;
  let woken = false;

  const unlisten = wakeUps.listen(({ tenant }) => {
    if (tenant !== null && query.tenant !== null && tenant !== query.tenant) return;
    woken = true;
    wake?.();
  });

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || closed) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function* events(): AsyncGenerator<RecordedEvent> {
    let failures = 0;
    let horizonWaits = 0;
    // While catching up, the next batch is read while the current one is handed out.
    let ahead: Promise<EventBatch> | undefined;
    try {
      while (!closed) {
        woken = false;
        let full: boolean;
        try {
          const read = await (ahead ?? readLogBatch(pool, query, checkpoint));
          full = read.length === query.batchSize;
          ahead = full ? readLogBatch(pool, query, read.last!) : undefined;
          // An event that cannot be decoded (or upcast) fails the batch from there on, as a read would.
          for await (const event of eventsOf(read, upcast)) {
            if (closed) return;
            checkpoint = checkpointOf(event);
            yield event;
          }
          failures = 0;
        } catch (error) {
          ahead?.catch(() => {});
          ahead = undefined;
          onError(error);
          await sleep(Math.min(100 * 2 ** failures++, 5000));
          continue;
        }
        if (full) continue;
        const held = await hasEventsBeyondHorizon(pool, query).catch(() => false);
        if (held) {
          await sleep(HORIZON_RETRY_MS[Math.min(horizonWaits++, HORIZON_RETRY_MS.length - 1)]!);
        } else {
          horizonWaits = 0;
          await sleep(pollIntervalMs);
        }
      }
    } finally {
      closed = true;
      ahead?.catch(() => {});
      unlisten();
    }
  }

  const iterator = events();
  return {
    get checkpoint() {
      return checkpoint;
    },
    [Symbol.asyncIterator]: () => iterator,
    close() {
      closed = true;
      wake?.();
      unlisten();
    },
  };
}
