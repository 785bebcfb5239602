import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

/** Epoch milliseconds as a JSON number: GraphQL's Int is 32-bit, too small for a time. */
export const EpochMillis = new GraphQLScalarType<number, number>({
  name: 'EpochMillis',
  serialize: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new GraphQLError(`EpochMillis cannot represent ${String(value)}`);
    }
    return value;
  },
  parseValue: (value) => epochMillis(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT) {
      throw new GraphQLError('EpochMillis is an integer number of milliseconds since the epoch');
    }
    return epochMillis(Number(ast.value));
  },
});

function epochMillis(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new GraphQLError('EpochMillis is an integer number of milliseconds since the epoch');
  }
  return value;
}

/** Output only: a Date (or an ISO string already) as ISO 8601 in UTC. */
export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return value;
    throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
  },
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      throw new GraphQLError('DateTime is an ISO 8601 string, e.g. "2026-05-01T12:00:00Z"');
    }
    return value;
  },
});

/** 64-bit integers (log positions) as decimal strings: JSON numbers lose precision beyond 2^53. */
export const BigIntScalar = new GraphQLScalarType<string, string>({
  name: 'BigInt',
  serialize: (value) => {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    throw new GraphQLError(`BigInt cannot represent ${String(value)}`);
  },
  parseValue: (value) => {
    if (typeof value !== 'string' || !/^-?\d{1,19}$/.test(value)) {
      throw new GraphQLError('BigInt is a decimal string');
    }
    return value;
  },
});

/** Event data and metadata, and folded state, as they are. */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
