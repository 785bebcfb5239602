import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, print, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as operations from './operations.js';

const sdl = fileURLToPath(new URL('../../../query-api/schema.graphql', import.meta.url));

/** The query API's schema is the contract: every operation the dashboard sends must validate against it. */
describe.skipIf(!existsSync(sdl))('GraphQL operations', () => {
  const schema = buildSchema(readFileSync(sdl, 'utf8'));
  const documents = Object.entries(operations).flatMap(([name, value]) =>
    typeof value === 'string'
      ? [[name, parse(value)] as const]
      : typeof value === 'object' && value !== null && 'kind' in value
        ? [[name, value as DocumentNode] as const]
        : [],
  );

  it.each(documents)('%s is valid against query-api/schema.graphql', (_name, document) => {
    expect(validate(schema, parse(print(document))).map((error) => error.message)).toEqual([]);
  });
});
