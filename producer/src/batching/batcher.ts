import { randomUUID } from 'node:crypto';
import type { SpoolEntry } from '../spool/file-spool.js';

export interface Point {
  t: number;
  v: number;
}

/**
 * Collects points per source and cuts requests: when `batchSize` points are waiting (by size) or when
 * the caller's timer fires (by time). One request carries every waiting source's points, up to
 * `batchSize` in all, and a fresh Idempotency-Key that is stored with it, so a resend reuses it.
 */
export class Batcher {
  private readonly waiting = new Map<string, Point[]>();
  private count = 0;

  constructor(private readonly batchSize: number) {}

  get size(): number {
    return this.count;
  }

  add(sourceId: string, point: Point): void {
    let points = this.waiting.get(sourceId);
    if (!points) {
      points = [];
      this.waiting.set(sourceId, points);
    }
    points.push(point);
    this.count++;
  }

  /** Whether a request is full. */
  get full(): boolean {
    return this.count >= this.batchSize;
  }

  /** Cuts everything waiting into requests of at most `batchSize` points. */
  cut(): SpoolEntry[] {
    const entries: SpoolEntry[] = [];
    let batches: { sourceId: string; points: Point[] }[] = [];
    let inRequest = 0;
    const close = () => {
      if (inRequest === 0) return;
      entries.push({ key: randomUUID(), body: JSON.stringify({ batches }), points: inRequest });
      batches = [];
      inRequest = 0;
    };
    for (const [sourceId, points] of this.waiting) {
      for (let start = 0; start < points.length;) {
        const take = Math.min(points.length - start, this.batchSize - inRequest);
        batches.push({ sourceId, points: points.slice(start, start + take) });
        inRequest += take;
        start += take;
        if (inRequest === this.batchSize) close();
      }
    }
    close();
    this.waiting.clear();
    this.count = 0;
    return entries;
  }
}
