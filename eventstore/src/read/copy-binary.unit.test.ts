import { describe, expect, it } from 'vitest';
import { indexCopyRows } from './copy-binary.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Binary COPY output of rows of fields (null for NULL), with a header extension of `extension` bytes. */
function copyOutput(rows: (Buffer | null)[][], extension = 0): Buffer {
  const parts: Buffer[] = [SIGNATURE, int32(0), int32(extension), Buffer.alloc(extension)];
  for (const row of rows) {
    parts.push(int16(row.length));
    for (const field of row) parts.push(field ? Buffer.concat([int32(field.length), field]) : int32(-1));
  }
  parts.push(int16(-1));
  return Buffer.concat(parts);
}
const int16 = (value: number) => Buffer.from([(value >> 8) & 0xff, value & 0xff]);
const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};

describe('binary COPY rows', () => {
  it('finds every field of every row, NULLs and empty fields included, past a header extension', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [Buffer.from(`row ${i}`), null, Buffer.alloc(0)]);
    const output = copyOutput(rows, 5);
    const index = indexCopyRows(output, 3);
    expect(index.rows).toBe(100);
    for (let row = 0; row < 100; row++) {
      const at = row * 3;
      expect(output.toString('utf8', index.starts[at]!, index.starts[at]! + index.lengths[at]!)).toBe(
        `row ${row}`,
      );
      expect(index.lengths[at + 1]).toBe(-1);
      expect(index.lengths[at + 2]).toBe(0);
    }
    expect(indexCopyRows(copyOutput([]), 3).rows).toBe(0);
  });

  it('refuses output that is not binary COPY, or rows of another width', () => {
    expect(() => indexCopyRows(Buffer.from('1\t2\n'), 2)).toThrow(/signature/);
    expect(() => indexCopyRows(copyOutput([[Buffer.from('a')]]), 2)).toThrow(/1 fields, expected 2/);
  });
});
