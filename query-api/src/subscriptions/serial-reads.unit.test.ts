import { describe, expect, it } from 'vitest';
import { SerialReads } from './serial-reads.js';

describe('serial reads per key', () => {
  it('runs one read per key at a time and merges what arrives meanwhile into one next read', async () => {
    const reads: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const queue = new SerialReads<string, string[]>(
      (waiting, next) => [...waiting, ...next],
      async (key, work) => {
        reads.push(`${key}:${work.join(',')}`);
        if (reads.length === 1) await gate;
      },
      () => {},
    );
    queue.add('acme', ['a']);
    queue.add('acme', ['b']);
    await Promise.resolve();
    await Promise.resolve();
    queue.add('acme', ['c']);
    queue.add('acme', ['d']);
    queue.add('globex', ['x']);
    release();
    await queue.idle();
    expect(reads).toEqual(['acme:a,b', 'globex:x', 'acme:c,d']);
  });

  it('reports a failed read and goes on with the next', async () => {
    const failed: string[] = [];
    const done: string[] = [];
    const queue = new SerialReads<string, string>(
      (_, next) => next,
      async (_, work) => {
        if (work === 'bad') throw new Error('boom');
        done.push(work);
      },
      (error, key, work) => failed.push(`${key}:${work}:${(error as Error).message}`),
    );
    queue.add('acme', 'bad');
    await queue.idle();
    queue.add('acme', 'good');
    await queue.idle();
    expect({ failed, done }).toEqual({ failed: ['acme:bad:boom'], done: ['good'] });
  });
});
