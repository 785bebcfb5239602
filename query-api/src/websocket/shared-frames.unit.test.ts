import { makeExecutableSchema } from '@graphql-tools/schema';
import { isObjectType, parse, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { querySchema } from '../graphql/query-schema.js';
import { Mailbox } from '../subscriptions/mailbox.js';
import { markShared } from '../subscriptions/shared-message.js';
import { SharedFrames, type FrameSink } from './shared-frames.js';

interface Tick {
  n: number;
  label: string;
}

/** A schema with one subscription whose messages the test puts into each subscriber's mailbox. */
function tickSchema(mailboxes: Mailbox<Tick, Tick>[]) {
  return makeExecutableSchema({
    typeDefs: `
      type Query { ok: Boolean }
      type Tick { n: Int!, label: String!, shout: String! }
      type Subscription { ticks(prefix: String): Tick! }`,
    resolvers: {
      Tick: { shout: (tick: Tick) => tick.label.toUpperCase() },
      Subscription: {
        ticks: {
          subscribe: () => {
            const mailbox = new Mailbox<Tick, Tick>((tick) => tick);
            mailboxes.push(mailbox);
            return mailbox;
          },
          resolve: (tick: Tick) => tick,
        },
      },
    },
  });
}

const FULL = parse('subscription { ticks { n label shout } }');
const NUMBERS = parse('subscription { ticks { n } }');

function recordingSink(id: string): FrameSink & { frames: string[] } {
  const frames: string[] = [];
  return { id, frames, send: async (frame) => void frames.push(frame.toString()) };
}

/** Lets every subscription take what it was handed and write it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('shared frames', () => {
  it('executes and serialises a shared message once per distinct operation, for every subscriber of it', async () => {
    const mailboxes: Mailbox<Tick, Tick>[] = [];
    const schema = tickSchema(mailboxes);
    const frames = new SharedFrames();
    const sinks = new Map<object, FrameSink>();
    const subscribe = frames.subscribe((args) => sinks.get(args.contextValue as object));
    const start = async (document: typeof FULL, id: string, variableValues?: Record<string, unknown>) => {
      const contextValue = {};
      const sink = recordingSink(id);
      sinks.set(contextValue, sink);
      const args: ExecutionArgs = { schema, document, contextValue, variableValues };
      const stream = (await subscribe(args)) as AsyncIterableIterator<ExecutionResult>;
      // graphql-ws reads each subscription's stream; nothing comes back to it for shared messages.
      const yielded: ExecutionResult[] = [];
      void (async () => {
        for await (const result of stream) yielded.push(result);
      })();
      return { sink, yielded, stream };
    };
    const subscribers = [
      await start(FULL, 'a'),
      await start(FULL, 'b'),
      await start(FULL, 'c', { prefix: 'x' }),
    ];
    const numbers = await start(NUMBERS, 'd');
    const tick = markShared({ n: 1, label: 'one' });
    for (const mailbox of mailboxes) mailbox.put(() => tick);
    await settle();

    // Same document and variables: one execution; other variables or another selection: one each.
    expect(frames.executions).toBe(3);
    expect(subscribers[0]!.sink.frames).toEqual([
      '{"id":"a","type":"next","payload":{"data":{"ticks":{"n":1,"label":"one","shout":"ONE"}}}}',
    ]);
    expect(subscribers[1]!.sink.frames).toEqual([
      '{"id":"b","type":"next","payload":{"data":{"ticks":{"n":1,"label":"one","shout":"ONE"}}}}',
    ]);
    expect(numbers.sink.frames).toEqual(['{"id":"d","type":"next","payload":{"data":{"ticks":{"n":1}}}}']);
    // Byte for byte what graphql-ws would have sent.
    expect(JSON.parse(subscribers[2]!.sink.frames[0]!)).toEqual({
      id: 'c',
      type: 'next',
      payload: { data: { ticks: { n: 1, label: 'one', shout: 'ONE' } } },
    });
    expect(subscribers.every((subscriber) => subscriber.yielded.length === 0)).toBe(true);

    // A message not marked shared is executed per subscriber and handed to graphql-ws to send.
    for (const mailbox of mailboxes) mailbox.put(() => ({ n: 2, label: 'two' }));
    await settle();
    expect(frames.executions).toBe(3);
    expect(subscribers[0]!.yielded).toEqual([{ data: { ticks: { n: 2, label: 'two', shout: 'TWO' } } }]);
    expect(subscribers[0]!.sink.frames).toHaveLength(1);

    // A shared message whose execution fails goes to graphql-ws too (its errors are formatted there).
    for (const mailbox of mailboxes) mailbox.put(() => markShared({ n: 2.5, label: 'bad' }));
    await settle();
    expect(subscribers[0]!.yielded[1]!.errors).toHaveLength(1);
    expect(subscribers[0]!.sink.frames).toHaveLength(1);

    // Ending the stream ends the mailbox behind it.
    await subscribers[0]!.stream.return!();
    mailboxes[0]!.put(() => tick);
    expect(await mailboxes[0]!.next()).toEqual({ value: undefined, done: true });
  });

  it('lets graphql-js refuse a subscription as ever (errors, no stream)', async () => {
    const frames = new SharedFrames();
    const schema = makeExecutableSchema({
      typeDefs: 'type Query { ok: Boolean } type Subscription { refused: Int }',
      resolvers: {
        Subscription: {
          refused: {
            subscribe: () => {
              throw new Error('not yours');
            },
          },
        },
      },
    });
    const result = await frames.subscribe(() => undefined)({
      schema,
      document: parse('subscription { refused }'),
    });
    expect((result as ExecutionResult).errors?.[0]?.message).toBe('not yours');
  });

  it('is used for seriesUpdated only because its message types resolve from the message alone', () => {
    // A resolver below a shared message that read the caller would make one subscriber's frame
    // another's: these types must keep default resolvers (and scalars) only.
    const schema = querySchema();
    for (const name of ['SeriesUpdate', 'SeriesChange', 'SeriesPoint']) {
      const type = schema.getType(name);
      if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
      for (const field of Object.values(type.getFields())) {
        expect({ field: `${name}.${field.name}`, resolver: field.resolve }).toEqual({
          field: `${name}.${field.name}`,
          resolver: undefined,
        });
      }
    }
  });
});
