/**
 * Ends an exhaustive `switch`: it only compiles when every case is handled, and fails loudly at run time
 * when a value arrives that the types ruled out (e.g. an untyped caller). Pass the switched-on union, or its
 * `type` (a one-member union does not narrow to `never`, its discriminant does).
 */
export function assertNever(value: never, what: string): never {
  const type: unknown = typeof value === 'string' ? value : (value as { type?: unknown } | null)?.type;
  throw new TypeError(`Unknown ${what}${type === undefined ? '' : ` "${String(type)}"`}`);
}
