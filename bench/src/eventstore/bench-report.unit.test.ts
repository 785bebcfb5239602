import { describe, expect, it } from 'vitest';
import { checkTargets, type WriteRow } from './bench-report.js';
import type { MedianMeasurement } from './write-workload.js';

function measured(rounds: number[]): MedianMeasurement {
  const median = [...rounds].sort((a, b) => a - b)[Math.floor((rounds.length - 1) / 2)]!;
  return {
    eventsPerSecond: median,
    events: 0,
    writes: 0,
    seconds: 6,
    commitsPerEvent: 0,
    walBytesPerEvent: 0,
    rounds,
  };
}

const oneByEight = { key: '1x8', label: '1 ev/append, 8 writers', eventsPerAppend: 1, writers: 8 };

describe('the 3x-emmett target', () => {
  it('judges the ratio of the medians and shows each round its own ratio', () => {
    const row: WriteRow = {
      workload: oneByEight,
      ours: measured([12_000, 13_000, 15_000]),
      emmett: measured([4_000, 4_500, 4_400]),
    };
    const [check] = checkTargets([row], undefined);
    expect(check).toEqual({
      target: '1-event appends, 8 writers >= 3x emmett',
      actual: '2.95x (rounds 3.00x / 2.89x / 3.41x)',
      pass: false,
    });
  });

  it('passes at 3x and leaves out the rounds of a one-round run', () => {
    const row: WriteRow = { workload: oneByEight, ours: measured([9_000]), emmett: measured([3_000]) };
    expect(checkTargets([row], undefined)[0]).toMatchObject({ actual: '3.00x', pass: true });
  });

  it('says what was not measured', () => {
    const row: WriteRow = { workload: oneByEight, ours: measured([9_000]) };
    expect(checkTargets([row], undefined)[0]).toMatchObject({ actual: 'not measured', pass: null });
  });
});
