/**
 * Reads a measurement timestamp as integer epoch milliseconds, the one representation events store
 * (compact in jsonb, cheap to compare and index). Accepts:
 * - integer epoch milliseconds;
 * - RFC 3339 strings (the ISO-8601 profile with a mandatory time zone), e.g. `2024-05-01T12:00:00.250Z` or
 *   `2024-05-01T14:00:00+02:00`; digits beyond milliseconds are truncated. A zone is required because a
 *   local time means a different instant on every producer.
 * Returns NaN for anything else, including impossible dates (Feb 30) and leap seconds, which `Date.parse`
 * would silently roll over. Hand-rolled so a batch parses without allocating.
 */
export function parseMeasurementTimestamp(value: unknown): number {
  if (typeof value === 'number') return Number.isInteger(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const s = value;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (
    year < 0 ||
    s.charCodeAt(4) !== DASH ||
    month < 1 ||
    month > 12 ||
    s.charCodeAt(7) !== DASH ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    (s.charCodeAt(10) | LOWERCASE) !== LOWER_T ||
    hour < 0 ||
    hour > 23 ||
    s.charCodeAt(13) !== COLON ||
    minute < 0 ||
    minute > 59 ||
    s.charCodeAt(16) !== COLON ||
    second < 0 ||
    second > 59
  ) {
    return NaN;
  }

  let i = 19;
  let millis = 0;
  if (s.charCodeAt(i) === DOT) {
    const start = ++i;
    while (isDigit(s.charCodeAt(i))) {
      if (i - start < 3) millis = millis * 10 + (s.charCodeAt(i) - ZERO);
      i++;
    }
    if (i === start) return NaN;
    for (let scale = i - start; scale < 3; scale++) millis *= 10;
  }

  let offsetMinutes = 0;
  const zone = s.charCodeAt(i);
  if ((zone | LOWERCASE) === LOWER_Z) {
    i++;
  } else if (zone === PLUS || zone === MINUS) {
    const offsetHour = digits(s, i + 1, 2);
    const offsetMinute = digits(s, i + 4, 2);
    if (
      offsetHour < 0 ||
      offsetHour > 23 ||
      s.charCodeAt(i + 3) !== COLON ||
      offsetMinute < 0 ||
      offsetMinute > 59
    ) {
      return NaN;
    }
    offsetMinutes = (zone === PLUS ? 1 : -1) * (offsetHour * 60 + offsetMinute);
    i += 6;
  } else {
    return NaN;
  }
  if (i !== s.length) return NaN;

  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis;
}

const ZERO = 0x30;
const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const PLUS = 0x2b;
const MINUS = 0x2d;
const LOWERCASE = 0x20;
const LOWER_T = 0x74;
const LOWER_Z = 0x7a;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}

/** The number written in `count` decimal digits at `start`, or -1 when they are not all digits. */
function digits(s: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const code = s.charCodeAt(i); // NaN past the end, which isDigit rejects
    if (!isDigit(code)) return -1;
    n = n * 10 + (code - ZERO);
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
