import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, NoSchemaIntrospectionCustomRule, specifiedRules, type ValidationRule } from 'graphql';

/** What one operation may ask for; beyond, it is refused before anything runs. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  /** graphql-armor's cost: fields weighted by depth, lists by their `first`. */
  maxCost: number;
  /** Tokens the parser reads before giving up (a cheap guard against huge documents under the body limit). */
  maxTokens: number;
  maxDirectives: number;
}

/**
 * graphql-armor's rules, reporting through the validation context: by default they throw out of
 * `validate`, which Apollo answers with a 500. Reported, they are validation errors like any other (400,
 * GRAPHQL_VALIDATION_FAILED).
 */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  const report = {
    propagateOnRejection: false,
    onReject: [
      (context: { reportError(error: GraphQLError): void } | null, error: GraphQLError) =>
        context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
    ],
  };
  return [
    maxDepthRule({ n: limits.maxDepth, ...report }),
    maxAliasesRule({ n: limits.maxAliases, ...report }),
    costLimitRule({ maxCost: limits.maxCost, ...report }),
    maxDirectivesRule({ n: limits.maxDirectives, ...report }),
  ];
}

/** Every rule an operation passes, as Apollo runs them over HTTP; the WebSocket path runs the same. */
export function validationRules(limits: QueryLimits, production: boolean): ValidationRule[] {
  return [...specifiedRules, ...limitRules(limits), ...(production ? [NoSchemaIntrospectionCustomRule] : [])];
}
