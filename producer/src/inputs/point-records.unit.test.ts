import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsv, readNdjson, type RecordOutcome } from './point-records.js';
import { seededRandom, simulatedSignal } from './simulated-signals.js';

async function collect(outcomes: AsyncIterable<RecordOutcome>): Promise<RecordOutcome[]> {
  const all: RecordOutcome[] = [];
  for await (const outcome of outcomes) all.push(outcome);
  return all;
}

describe('input records', () => {
  it('reads NDJSON, converting times with a zone, and reports bad lines by number without stopping', async () => {
    const input = Readable.from([
      '{"sourceId":"a","t":1714564800000,"v":1.5}\n',
      'not json\n',
      '\n',
      '{"sourceId":"a","t":"2024-05-01T12:00:01Z","v":2}\n',
      '{"sourceId":"a","t":"2024-05-01T12:00:01","v":2}\n',
      '{"sourceId":"a","t":1,"v":"NaN"}\n',
    ]);
    expect(await collect(readNdjson(input))).toEqual([
      { record: { sourceId: 'a', t: 1714564800000, v: 1.5 } },
      { line: 2, error: expect.stringContaining('not JSON') },
      { record: { sourceId: 'a', t: 1714564801000, v: 2 } },
      { line: 5, error: expect.stringContaining('t "2024-05-01T12:00:01"') },
      { line: 6, error: expect.stringContaining('v "NaN"') },
    ]);
  });

  it('reads CSV with a header, reporting bad rows', async () => {
    const input = Readable.from(['sourceId,t,v\n', 'a,1714564800000,3.25\n', 'b,yesterday,1\n', ',1,1\n']);
    expect(await collect(readCsv(input))).toEqual([
      { record: { sourceId: 'a', t: 1714564800000, v: 3.25 } },
      { line: 3, error: expect.stringContaining('t "yesterday"') },
      { line: 4, error: 'sourceId is missing' },
    ]);
  });

  it('simulates finite, repeatable signals from a seed', () => {
    const values = (seed: number) => {
      const random = seededRandom(seed);
      const signals = [0, 1, 2, 3].map((index) => simulatedSignal(index, random));
      return Array.from({ length: 500 }, (_, i) =>
        signals.map((signal) => signal(1_700_000_000_000 + i * 1000)),
      ).flat();
    };
    const run = values(7);
    expect(run.every(Number.isFinite)).toBe(true);
    expect(values(7)).toEqual(run);
    expect(values(8)).not.toEqual(run);
  });
});
