import { badInput } from '../graphql/errors.js';
import type { AsOf as AsOfInput } from '../graphql/schema-types.generated.js';

/** A moment of the log: events at or before a global position, or recorded at or before a time. */
export type AsOf = { position: bigint } | { time: Date };

export function asOfOf(input: AsOfInput): AsOf {
  // @oneOf: graphql-js has made sure exactly one is given.
  if (input.position != null) return { position: BigInt(input.position) };
  const time = new Date(input.time!);
  if (Number.isNaN(time.getTime())) throw badInput('asOf.time is not a time');
  return { time };
}

/** As SQL parameters: (position or null, time or null). */
export const asOfParameters = (asOf: AsOf | null): [string | null, Date | null] => [
  asOf && 'position' in asOf ? asOf.position.toString() : null,
  asOf && 'time' in asOf ? asOf.time : null,
];
