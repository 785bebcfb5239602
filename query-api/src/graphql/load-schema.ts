import { readFileSync } from 'node:fs';

/** The SDL the API is built from (the package's schema.graphql, beside src/ and dist/ alike). */
export const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url);

export function schemaSdl(): string {
  return readFileSync(SCHEMA_FILE, 'utf8');
}
