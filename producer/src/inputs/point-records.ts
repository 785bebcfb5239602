import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export interface PointRecord {
  sourceId: string;
  t: number;
  v: number;
}

export type RecordOutcome = { record: PointRecord } | { line: number; error: string };

/** A timestamp as epoch milliseconds: an integer, or an ISO 8601 / RFC 3339 time with a zone. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^-?\d+$/.test(value.trim())) return Number(value);
  if (!/(Z|[+-]\d\d:\d\d)$/i.test(value.trim())) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Checks one input row; the reason names the field when it is not a point. */
export function toPointRecord(row: Record<string, unknown>): PointRecord | string {
  const { sourceId, t, v } = row;
  if (typeof sourceId !== 'string' || sourceId === '') return 'sourceId is missing';
  const timestamp = parseTimestamp(t);
  if (timestamp === undefined)
    return `t ${JSON.stringify(t)} is not epoch milliseconds or a time with a zone`;
  const value = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof value !== 'number' || !Number.isFinite(value))
    return `v ${JSON.stringify(v)} is not a finite number`;
  return { sourceId, t: timestamp, v: value };
}

/** NDJSON lines `{"sourceId","t","v"}`; a bad line is reported with its number, and reading goes on. */
export async function* readNdjson(input: Readable): AsyncGenerator<RecordOutcome> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (error) {
      yield { line, error: `not JSON: ${(error as Error).message}` };
      continue;
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      yield { line, error: 'not an object' };
      continue;
    }
    const record = toPointRecord(row as Record<string, unknown>);
    yield typeof record === 'string' ? { line, error: record } : { record };
  }
}

/** CSV with the header `sourceId,t,v`; a bad row is reported with its line number, and reading goes on. */
export async function* readCsv(input: Readable): AsyncGenerator<RecordOutcome> {
  const parser = input.pipe(
    parse({ columns: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, unknown>;
    info: { lines: number };
  }>) {
    const point = toPointRecord(record);
    yield typeof point === 'string' ? { line: info.lines, error: point } : { record: point };
  }
}

export function openInput(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path);
}
