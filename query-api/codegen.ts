import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * TypeScript types from the SDL (the schema is written first): `npm run codegen -w query-api` rewrites
 * src/graphql/schema-types.generated.ts, and a unit test fails while the committed file is stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  // Formatted like every other file, so the format check and the staleness test agree.
  hooks: { afterAllFileWrite: ['prettier --write'] },
  generates: {
    'src/graphql/schema-types.generated.ts': {
      plugins: [
        {
          add: {
            content: [
              '// Generated from schema.graphql by `npm run codegen -w query-api`: do not edit.',
              '/* eslint-disable @typescript-eslint/no-explicit-any -- resolver signatures as codegen writes them */',
            ],
          },
        },
        'typescript',
        'typescript-resolvers',
      ],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: './query-context.js#QueryContext',
        scalars: {
          EpochMillis: 'number',
          DateTime: { input: 'string', output: 'Date | string' },
          BigInt: { input: 'string', output: 'bigint | string' },
          JSON: 'unknown',
        },
        mappers: {
          Source: '../sources/source-model.js#SourceModel',
          Event: '@chronicle/eventstore#RecordedEvent',
        },
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
};

export default config;
