import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, exportSearch, filterOf } from './audit-filter.js';

describe('the audit filter', () => {
  it('leaves out empty fields and splits types', () => {
    expect(filterOf(EMPTY_DRAFT)).toEqual({ filter: {} });
    expect(filterOf({ ...EMPTY_DRAFT, streamId: ' source-a ', types: 'A, B,,' })).toEqual({
      filter: { streamId: 'source-a', types: ['A', 'B'] },
    });
  });

  it('refuses a time range that ends before it starts', () => {
    expect(filterOf({ ...EMPTY_DRAFT, from: '2026-01-02T00:00', to: '2026-01-01T00:00' })).toMatchObject({
      problem: expect.stringContaining('before its end'),
    });
  });

  it('becomes the export endpoint’s query string', () => {
    expect(exportSearch({})).toBe('');
    expect(exportSearch({ streamId: 'tenant', types: ['A', 'B'], actor: 'u-1' })).toBe(
      '?streamId=tenant&types=A%2CB&actor=u-1',
    );
  });
});
