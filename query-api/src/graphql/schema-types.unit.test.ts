import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const generatedFile = fileURLToPath(new URL('./schema-types.generated.ts', import.meta.url));

describe('the generated schema types', () => {
  it('are what codegen makes of schema.graphql now (else run `npm run codegen -w query-api`)', async () => {
    const [output] = await generate({ ...config, cwd: packageDir, silent: true }, false);
    const expected = await format(output!.content, {
      ...(await resolveConfig(generatedFile)),
      filepath: generatedFile,
    });
    expect(await readFile(generatedFile, 'utf8')).toBe(expected);
  }, 30_000);
});
