import type { ProducerStats } from '../producer.js';

/** `rate 1,234 pts/s | sent 12,345 | spooled 0 | retries 0 | errors 0` */
export function formatProgress(stats: ProducerStats, pointsPerSecond: number, inputErrors: number): string {
  const number = (value: number) => Math.round(value).toLocaleString('en-US');
  return (
    `rate ${number(pointsPerSecond)} pts/s | sent ${number(stats.sent)} | spooled ${number(stats.spooled)} | ` +
    `retries ${number(stats.retries)} | errors ${number(stats.rejected + inputErrors)}`
  );
}

/**
 * The progress line on stderr: rewritten in place once a second on a terminal, a plain line every 10 s
 * otherwise (logs). Returns the function that stops it (printing a last line).
 */
export function showProgress(stats: () => ProducerStats, inputErrors: () => number): () => void {
  const tty = process.stderr.isTTY === true;
  let lastSent = stats().sent;
  let lastAt = Date.now();
  const print = (final: boolean) => {
    const now = Date.now();
    const current = stats();
    const rate = ((current.sent - lastSent) * 1000) / Math.max(1, now - lastAt);
    lastSent = current.sent;
    lastAt = now;
    const line = formatProgress(current, rate, inputErrors());
    process.stderr.write(tty ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
  };
  const timer = setInterval(() => print(false), tty ? 1000 : 10_000);
  return () => {
    clearInterval(timer);
    print(true);
  };
}
