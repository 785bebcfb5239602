import { readFileSync } from 'node:fs';

/** A projection version's DDL, shipped in projectors/sql/ (read from src/ and dist/ alike: same depth). */
export function sqlFile(name: string): string {
  return readFileSync(new URL(`../../sql/${name}`, import.meta.url), 'utf8');
}
