import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { querySchema } from '../graphql/query-schema.js';
import { queryApiConfigFromEnv } from '../app/query-api-config.js';
import { validationRules } from './query-limits.js';

const limits = { maxDepth: 5, maxAliases: 2, maxCost: 1_000, maxTokens: 1_000, maxDirectives: 3 };
const schema = querySchema();
const errorsOf = (query: string, production = false) =>
  validate(schema, parse(query), validationRules(limits, production)).map((error) => error.message);

describe('query limits', () => {
  it('let an ordinary dashboard query through', () => {
    expect(errorsOf('{ me { tenant } sources(first: 10) { edges { node { id lastValue } } } }')).toEqual([]);
  });

  it('let a full page of sources through at the default limits', () => {
    const defaults = queryApiConfigFromEnv({
      DATABASE_URL: 'postgres://db',
      KEYCLOAK_URL: 'http://kc',
    }).limits;
    const page = `{ sources(first: 500) {
      edges { cursor node { id name owner unit status registeredAt lastValue lastTs lastSeen } }
      pageInfo { hasNextPage endCursor } } }`;
    expect(validate(schema, parse(page), validationRules(defaults, true))).toEqual([]);
  });

  it('report depth, aliases, cost and directives as validation errors (never a throw)', () => {
    expect(errorsOf(`{ me ${'{ tenant '.repeat(7)}${'}'.repeat(7)} }`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Query depth limit of 5 exceeded, found \d+\.$/)]),
    );
    expect(errorsOf('{ a: me { tenant } b: me { tenant } c: me { tenant } }')).toContain(
      'Aliases limit of 2 exceeded, found 3.',
    );
    expect(errorsOf('{ sources(first: 500) { edges { node { id name } } } }').join()).toMatch(
      /^Query Cost limit of 1000 exceeded/,
    );
    expect(
      errorsOf('{ me { tenant @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) } }'),
    ).toContain('Directives limit of 3 exceeded, found 4.');
  });

  it('refuse introspection in production only', () => {
    expect(errorsOf('{ __schema { queryType { name } } }')).toEqual([]);
    expect(errorsOf('{ __schema { queryType { name } } }', true).join()).toMatch(/introspection/);
  });
});
