import { describe, expect, it } from 'vitest';
import { Mailbox } from './mailbox.js';

const numbers = () => {
  let closed = 0;
  const mailbox = new Mailbox<number[], number[]>(
    (pending) => pending,
    () => closed++,
  );
  return { mailbox, closes: () => closed };
};
const append = (value: number) => (pending: number[] | undefined) => [...(pending ?? []), value];

describe('a subscriber’s mailbox', () => {
  it('hands an update straight to a reader that waits', async () => {
    const { mailbox } = numbers();
    const next = mailbox.next();
    mailbox.put(append(1));
    expect(await next).toEqual({ value: [1], done: false });
  });

  it('folds updates that arrive while the reader is busy into one message', async () => {
    const { mailbox } = numbers();
    mailbox.put(append(1));
    mailbox.put(append(2));
    mailbox.put(append(3));
    expect(await mailbox.next()).toEqual({ value: [1, 2, 3], done: false });
    mailbox.put(append(4));
    expect(await mailbox.next()).toEqual({ value: [4], done: false });
  });

  it('ends on return: a waiting reader gets done, later updates are dropped, and it leaves its fan-out once', async () => {
    const { mailbox, closes } = numbers();
    const waiting = mailbox.next();
    await mailbox.return();
    await mailbox.return();
    mailbox.put(append(1));
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await mailbox.next()).toEqual({ value: undefined, done: true });
    expect(closes()).toBe(1);
  });
});
