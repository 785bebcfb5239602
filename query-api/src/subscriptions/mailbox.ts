/**
 * One subscriber's outbox, read by graphql-ws one message at a time (it sends a message before it asks for
 * the next, so a client that reads slowly is asked less often). Updates that arrive in between are folded
 * into the one pending message (coalescing); the fold keeps it bounded, so a slow client costs a bounded
 * amount of memory and never holds up anyone else's deliveries.
 */
export class Mailbox<Pending, Message> implements AsyncIterableIterator<Message> {
  private pending: Pending | undefined;
  private waiting: ((result: IteratorResult<Message>) => void) | undefined;
  private closed = false;

  constructor(
    private readonly toMessage: (pending: Pending) => Message,
    private readonly onClose: () => void = () => {},
  ) {}

  /** Folds an update into the pending message, or hands it straight to a reader that is waiting. */
  put(fold: (pending: Pending | undefined) => Pending): void {
    if (this.closed) return;
    this.pending = fold(this.pending);
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value: this.take(), done: false });
    }
  }

  next(): Promise<IteratorResult<Message>> {
    if (this.pending !== undefined) return Promise.resolve({ value: this.take(), done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<Message>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<Message>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Ends the subscription: the reader gets `done`, and the mailbox leaves its fan-out. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = undefined;
    this.onClose();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  private take(): Message {
    const message = this.toMessage(this.pending!);
    this.pending = undefined;
    return message;
  }
}
