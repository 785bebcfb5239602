import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './ui/svelte.config.js';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.chronicle/**', 'ui/test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Nest injects by the constructor's parameter types, emitted as decorator metadata: those imports are
    // values at run time, and turning them into `import type` would inject undefined.
    files: ['command-api/**/*.ts'],
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
  },
  {
    // The dashboard runs in the browser; its tests (e2e/, *.test.ts) run in Node.
    files: ['ui/src/**/*.ts', 'ui/src/**/*.svelte'],
    ignores: ['ui/src/e2e/**', 'ui/src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['ui/src/**/*.svelte', 'ui/src/**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
  },
);
