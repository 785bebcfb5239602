import { describe, expect, it } from 'vitest';
import { sendFrame } from './send-frame.js';

/** A socket as ws has it: what it was sent, as what, and a write callback to call when the test says. */
function fakeSocket(bufferedAmount: number, readyState: 0 | 1 | 2 | 3 = 1) {
  const sent: { frame: string; binary: boolean | undefined; callback?: (error?: Error) => void }[] = [];
  const send = ((frame: Buffer, options: { binary?: boolean }, callback?: (error?: Error) => void) => {
    sent.push({ frame: frame.toString(), binary: options.binary, ...(callback ? { callback } : {}) });
  }) as never;
  return { socket: { readyState, OPEN: 1 as const, bufferedAmount, send }, sent };
}

describe('sending a frame', () => {
  it('hands it to a socket with nothing buffered as text, done at once, no callback asked for', () => {
    const { socket, sent } = fakeSocket(0);
    expect(sendFrame(socket, Buffer.from('{"a":1}'))).toBeUndefined();
    expect(sent).toEqual([{ frame: '{"a":1}', binary: false }]);
  });

  it('waits for a socket that is behind until its write is done, and passes a failed write on', async () => {
    const { socket, sent } = fakeSocket(512);
    let done = false;
    const writing = sendFrame(socket, Buffer.from('{"a":2}'));
    expect(writing).toBeInstanceOf(Promise);
    const sending = writing!.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    expect(sent[0]).toMatchObject({ frame: '{"a":2}', binary: false });
    sent[0]!.callback!();
    await sending;
    expect(done).toBe(true);
    const failing = sendFrame(socket, Buffer.from('{"a":3}'));
    sent[1]!.callback!(new Error('reset'));
    await expect(failing).rejects.toThrow('reset');
  });

  it('sends nothing to a socket that is closing', () => {
    const { socket, sent } = fakeSocket(0, 2);
    expect(sendFrame(socket, Buffer.from('{}'))).toBeUndefined();
    expect(sent).toEqual([]);
  });
});
