import { describe, expect, it } from 'vitest';
import { parseChangeNotice } from './change-notice.js';

describe('change notices', () => {
  it("reads the projector runner's change and switch payloads", () => {
    expect(
      parseChangeNotice({
        projection: 'timeseries',
        position: '42',
        tenant: 'acme',
        sourceIds: ['m1'],
        from: 1,
        to: 2,
      }),
    ).toEqual({
      kind: 'change',
      projection: 'timeseries',
      tenant: 'acme',
      sourceIds: ['m1'],
      from: 1,
      to: 2,
    });
    expect(
      parseChangeNotice({ projection: 'catalogue', position: '7', tenant: 'acme', sourceIds: [] }),
    ).toEqual({
      kind: 'change',
      projection: 'catalogue',
      tenant: 'acme',
      sourceIds: [],
    });
    expect(parseChangeNotice({ projection: 'timeseries', switchedTo: 2 })).toEqual({
      kind: 'switch',
      projection: 'timeseries',
      version: 2,
    });
  });

  it('ignores what it does not know', () => {
    for (const payload of [
      undefined,
      null,
      'text',
      {},
      { projection: 'x' },
      { projection: 'x', tenant: 'a', sourceIds: [1] },
    ]) {
      expect(parseChangeNotice(payload)).toBeUndefined();
    }
  });
});
