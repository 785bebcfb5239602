import { performance } from 'node:perf_hooks';

/** One write (one append, one INSERT); resolves to the number of events it wrote. */
export type WriteOnce = () => Promise<number>;

export interface Timing {
  warmupMs: number;
  measureMs: number;
}

export interface TimedResult {
  /** Events written by writes that completed inside the measured window. */
  events: number;
  writes: number;
  seconds: number;
  eventsPerSecond: number;
  /** Events written in the whole run, warm-up included. */
  totalEvents: number;
}

/**
 * Runs every writer in a loop of its own (one write at a time, as a request handler would) for the warm-up,
 * then for the measured window. A write counts when it completes inside the window; the window ends when the
 * last write started before the deadline completes.
 */
export async function runTimed(writers: readonly WriteOnce[], timing: Timing): Promise<TimedResult> {
  const started = performance.now();
  const measureFrom = started + timing.warmupMs;
  const deadline = measureFrom + timing.measureMs;
  let events = 0;
  let writes = 0;
  let totalEvents = 0;
  let lastCompletion = measureFrom;
  let failed = false;

  const loop = async (write: WriteOnce) => {
    while (!failed && performance.now() < deadline) {
      let written: number;
      try {
        written = await write();
      } catch (error) {
        failed = true;
        throw error;
      }
      const now = performance.now();
      totalEvents += written;
      if (now >= measureFrom) {
        events += written;
        writes++;
        lastCompletion = Math.max(lastCompletion, now);
      }
    }
  };
  const outcomes = await Promise.allSettled(writers.map(loop));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;

  const seconds = (lastCompletion - measureFrom) / 1000;
  return { events, writes, seconds, eventsPerSecond: seconds > 0 ? events / seconds : 0, totalEvents };
}

/** Runs the writers until together they have written `events` events, `perWrite` at a time. */
export async function runCount(
  writers: readonly WriteOnce[],
  events: number,
  perWrite: number,
): Promise<number> {
  let claimed = 0;
  let written = 0;
  await Promise.all(
    writers.map(async (write) => {
      // Claim before writing, so the writers stop together instead of each overshooting.
      while (claimed + perWrite <= events) {
        claimed += perWrite;
        const count = await write();
        written += count;
      }
    }),
  );
  return written;
}
