import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMeasurementTimestamp } from './measurement-timestamp.js';

describe('parseMeasurementTimestamp', () => {
  it.each([
    ['2024-05-01T12:00:00Z', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01t12:00:00z', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T12:00:00.5Z', Date.UTC(2024, 4, 1, 12, 0, 0, 500)],
    ['2024-05-01T12:00:00.25Z', Date.UTC(2024, 4, 1, 12, 0, 0, 250)],
    ['2024-05-01T12:00:00.123456789Z', Date.UTC(2024, 4, 1, 12, 0, 0, 123)],
    ['2024-05-01T14:30:00+02:30', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T00:00:00-05:00', Date.UTC(2024, 4, 1, 5)],
    ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['1970-01-01T00:00:00Z', 0],
    ['0001-01-01T00:00:00Z', -62_135_596_800_000],
  ])('reads %s', (text, expected) => {
    expect(parseMeasurementTimestamp(text)).toBe(expected);
  });

  it('reads integer epoch milliseconds as they are', () => {
    expect(parseMeasurementTimestamp(1_714_564_800_000)).toBe(1_714_564_800_000);
    expect(parseMeasurementTimestamp(0)).toBe(0);
  });

  it.each([
    '2024-05-01T12:00:00', // no zone: local time is ambiguous
    '2024-05-01',
    '2024-05-01T12:00Z',
    '2024-05-01 12:00:00Z',
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-00-01T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T12:60:00Z',
    '2024-05-01T12:00:60Z',
    '2024-05-01T12:00:00.Z',
    '2024-05-01T12:00:00+2:00',
    '2024-05-01T12:00:00+0200',
    '2024-05-01T12:00:00+24:00',
    '2024-05-01T12:00:00Zjunk',
    '+002024-05-01T12:00:00Z',
    'May 1, 2024',
    '1714564800000',
    '',
  ])('rejects %j', (text) => {
    expect(parseMeasurementTimestamp(text)).toBeNaN();
  });

  it.each([1.5, Number.NaN, Infinity, null, undefined, {}, new Date(0)])('rejects %j', (value) => {
    expect(parseMeasurementTimestamp(value)).toBeNaN();
  });

  it('agrees with Date for every valid instant it prints', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(parseMeasurementTimestamp(date.toISOString())).toBe(date.getTime());
        },
      ),
    );
  });
});
