/**
 * PostgreSQL's binary COPY format (`COPY … TO STDOUT (FORMAT binary)`): a signature, a flags word and a
 * header extension, then per row a field count and each field as a length (-1 for NULL) and its bytes in
 * the type's binary send format, then a trailer of -1. Reading rows this way skips the text protocol's
 * per-field strings for numbers, ids and times (see event-row.ts).
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 4 + 4;

/** Where each field of each row lies: field `f` of row `r` at `starts[r * fields + f]`, `lengths[…]` bytes. */
export interface CopyRows {
  readonly buffer: Buffer;
  readonly rows: number;
  readonly fields: number;
  readonly starts: Int32Array;
  /** -1 for NULL. */
  readonly lengths: Int32Array;
}

/** Finds the rows and fields of a complete binary COPY output (nothing is decoded yet). */
export function indexCopyRows(buffer: Buffer, fields: number): CopyRows {
  if (buffer.length < HEADER_BYTES || !buffer.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new Error('not binary COPY output: the signature is missing');
  }
  let offset = HEADER_BYTES + buffer.readUInt32BE(SIGNATURE.length + 4);
  // Room for rows of ~256 bytes (a few hundred bytes of JSON an event): a batch seldom grows it.
  const capacity = fields * Math.max(16, Math.ceil(buffer.length / 256));
  let starts = new Int32Array(capacity);
  let lengths = new Int32Array(capacity);
  let rows = 0;
  for (;;) {
    const count = buffer.readInt16BE(offset);
    offset += 2;
    if (count === -1) return { buffer, rows, fields, starts, lengths };
    if (count !== fields) throw new Error(`binary COPY row of ${count} fields, expected ${fields}`);
    if ((rows + 1) * fields > starts.length) {
      starts = grown(starts);
      lengths = grown(lengths);
    }
    for (let field = rows * fields, end = field + fields; field < end; field++) {
      const length = buffer.readInt32BE(offset);
      offset += 4;
      starts[field] = offset;
      lengths[field] = length;
      if (length > 0) offset += length;
    }
    rows++;
  }
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}
