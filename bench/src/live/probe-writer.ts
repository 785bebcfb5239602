import { randomUUID } from 'node:crypto';

/**
 * Writes probe points, one a request, to one source through the command API, and remembers when each
 * was sent: a subscriber that receives point `t` looks up its send time here. Latencies are measured from
 * the moment the POST is sent, so they include the write's own round trip.
 */
export class ProbeWriter {
  readonly sentAt = new Map<number, number>();
  /** When each point's POST was answered 202 (its append committed). */
  readonly acceptedAt = new Map<number, number>();
  readonly postMs: number[] = [];
  failed = 0;
  private lastT = 0;

  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
    readonly sourceId: string,
  ) {}

  async write(): Promise<number> {
    const t = Math.max(this.lastT + 1, Date.now());
    this.lastT = t;
    const started = performance.now();
    this.sentAt.set(t, started);
    const response = await fetch(`${this.apiUrl}/api/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        'idempotency-key': `probe-${randomUUID()}`,
      },
      body: JSON.stringify({ sourceId: this.sourceId, points: [{ t, v: t % 1000 }] }),
    });
    await response.arrayBuffer();
    if (response.status === 202) {
      const accepted = performance.now();
      this.acceptedAt.set(t, accepted);
      this.postMs.push(accepted - started);
    } else this.failed++;
    return t;
  }
}
