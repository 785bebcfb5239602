/**
 * A source id is chosen by the producer (a device serial, a meter number, `plant-3:line-1`), so it allows the
 * usual identifier punctuation; it must start with a letter or digit, and is at most 128 characters.
 */
export const SOURCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export function isValidSourceId(value: unknown): value is string {
  return typeof value === 'string' && SOURCE_ID_PATTERN.test(value);
}
