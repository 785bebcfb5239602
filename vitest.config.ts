import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Workspace packages resolve to their TypeScript sources, never to a stale dist/ (tsc does the same through
// the `source` export condition).
const alias = [
  { find: /^@chronicle\/devstack\/testing$/, replacement: `${root}devstack/src/testing.ts` },
  { find: /^@chronicle\/identity\/testing$/, replacement: `${root}identity/src/testing.ts` },
  { find: /^@chronicle\/command-api\/testing$/, replacement: `${root}command-api/src/testing.ts` },
  { find: /^@chronicle\/([a-z-]+)$/, replacement: `${root}$1/src/index.ts` },
  // graphql ships CommonJS (`main`) and ESM (`module`) copies; Node, and so every library that imports it,
  // loads the CommonJS one, while vite would give our sources the ESM one: two graphql instances, whose
  // schemas the other refuses. Our sources get Node's copy too.
  { find: /^graphql$/, replacement: 'graphql/index.js' },
];

// Test tiers live in the file name: *.unit.test.ts need nothing; *.int.test.ts talk to a real PostgreSQL,
// started once per run by the global setup (or taken from DATABASE_URL); *.e2e.test.ts run the built
// product as a user would (`npm run build` first).
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['**/src/**/*.unit.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['**/src/**/*.int.test.ts'],
          globalSetup: ['devstack/src/postgres/test-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['**/src/**/*.e2e.test.ts'], testTimeout: 400_000 },
      },
    ],
  },
});
