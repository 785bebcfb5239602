/**
 * Reads per key (a tenant) run one at a time; what arrives while one runs is merged into a single next
 * read. A burst of changes for a tenant thus costs one read in flight and one waiting, however many
 * changes or subscribers there are.
 */
export class SerialReads<Key, Work> {
  private readonly pending = new Map<Key, Work>();
  private readonly running = new Map<Key, Promise<void>>();

  constructor(
    private readonly merge: (waiting: Work, next: Work) => Work,
    private readonly read: (key: Key, work: Work) => Promise<void>,
    private readonly onError: (error: unknown, key: Key, work: Work) => void,
  ) {}

  add(key: Key, work: Work): void {
    const waiting = this.pending.get(key);
    this.pending.set(key, waiting === undefined ? work : this.merge(waiting, work));
    if (!this.running.has(key)) this.running.set(key, this.drain(key));
  }

  /** Resolves when no read is running (for shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private async drain(key: Key): Promise<void> {
    // Started on the next turn, so changes arriving together go into the first read.
    await Promise.resolve();
    try {
      for (let work = this.take(key); work !== undefined; work = this.take(key)) {
        try {
          await this.read(key, work);
        } catch (error) {
          this.onError(error, key, work);
        }
      }
    } finally {
      this.running.delete(key);
    }
  }

  private take(key: Key): Work | undefined {
    const work = this.pending.get(key);
    this.pending.delete(key);
    return work;
  }
}
