import {
  createSourceEventStream,
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { isShared } from '../subscriptions/shared-message.js';

type PromiseOrValue<T> = T | Promise<T>;

/** Where one subscription's `next` frames go: its socket, under the id its client gave it. */
export interface FrameSink {
  /** The subscription's id, as the client gave it. */
  readonly id: string;
  /**
   * Sends one text frame: undefined when it is written already (or the socket is no longer open), else a
   * promise of its being written.
   */
  send(frame: Buffer): Promise<void> | undefined;
}

/** What executing a selection on a shared message gave: a `payload` ready to send, or a result with errors. */
type SharedOutcome = { payload: Buffer } | { result: ExecutionResult };

/**
 * Subscription messages executed and serialised once for everyone who holds them. A message marked
 * shared (see subscriptions/shared-message.ts) is executed once per distinct operation (the same parsed
 * document, operation name and variables), and its `payload` JSON kept with the message, until the message
 * is garbage: every subscriber of that operation that is handed the same message sends the same bytes.
 * Everything else (messages not marked, results with errors) runs per subscriber as graphql-ws would.
 */
export class SharedFrames {
  private readonly outcomes = new WeakMap<object, Map<string, SharedOutcome | Promise<SharedOutcome>>>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private documents = 0;
  /** Executions of a selection on a shared message (for tests). */
  executions = 0;

  /** The key of an operation: messages are shared among subscriptions of one key only. */
  operationKey(args: ExecutionArgs): string {
    let documentId = this.documentIds.get(args.document);
    if (documentId === undefined) this.documentIds.set(args.document, (documentId = ++this.documents));
    return JSON.stringify([documentId, args.operationName ?? null, args.variableValues ?? null]);
  }

  /**
   * The outcome of the operation on a shared message, executed by its first subscriber to ask. Its
   * selection resolves synchronously as a rule (no resolver below a shared message waits for anything), so
   * the others find it made; should it not, they wait for the same execution.
   */
  outcome(
    message: object,
    operation: string,
    run: () => PromiseOrValue<ExecutionResult>,
  ): SharedOutcome | Promise<SharedOutcome> {
    let byOperation = this.outcomes.get(message);
    if (!byOperation) this.outcomes.set(message, (byOperation = new Map()));
    const known = byOperation.get(operation);
    if (known) return known;
    this.executions++;
    const outcomes = byOperation;
    const settle = (result: ExecutionResult): SharedOutcome => {
      const outcome = result.errors ? { result } : { payload: Buffer.from(JSON.stringify(result)) };
      outcomes.set(operation, outcome);
      return outcome;
    };
    const result = run();
    if (!(result instanceof Promise)) return settle(result);
    const executing = result.then(settle);
    outcomes.set(operation, executing);
    return executing;
  }

  /**
   * graphql-ws' `subscribe`: graphql-js' own source stream (the subscribe resolver, its checks and errors as
   * ever), whose shared messages are written to the subscription's sink as frames made once (see above).
   * Without a sink, or for a message that is not shared, it yields execution results for graphql-ws to send.
   */
  subscribe(sinkOf: (args: ExecutionArgs) => FrameSink | undefined) {
    return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
      const source = await createSourceEventStream(args);
      if (!isAsyncIterable(source)) return source;
      return new SubscriptionFrames(source[Symbol.asyncIterator](), args, this, sinkOf(args));
    };
  }
}

const CLOSE = Buffer.from('}');

/** One subscription's stream of messages, executed per subscriber or shared. */
class SubscriptionFrames implements AsyncIterableIterator<ExecutionResult> {
  private readonly operation: string;
  private readonly prefix: Buffer | undefined;

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly args: ExecutionArgs,
    private readonly frames: SharedFrames,
    private readonly sink: FrameSink | undefined,
  ) {
    this.operation = frames.operationKey(args);
    // graphql-ws' own `next` message, byte for byte: {"id":…,"type":"next","payload":{…}}.
    this.prefix = sink && Buffer.from(`{"id":${JSON.stringify(sink.id)},"type":"next","payload":`);
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      const event = await this.source.next();
      if (event.done) return { done: true, value: undefined };
      const message: unknown = event.value;
      if (!this.sink || !isShared(message)) return { done: false, value: await this.execute(message) };
      const found = this.frames.outcome(message, this.operation, () => this.execute(message));
      const outcome = found instanceof Promise ? await found : found;
      if ('result' in outcome) return { done: false, value: outcome.result };
      const { payload } = outcome;
      // Written here, in order, before the next message is taken: graphql-ws sends only what comes after
      // (errors, complete), and a slow socket is asked for less, as when graphql-ws sends.
      const writing = this.sink.send(
        Buffer.concat([this.prefix!, payload, CLOSE], this.prefix!.length + payload.length + 1),
      );
      if (writing) await writing;
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.source.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** What graphql-js' subscribe does with each event: the operation executed on it as its root value. */
  private execute(message: unknown): PromiseOrValue<ExecutionResult> {
    return execute({ ...this.args, rootValue: message });
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
