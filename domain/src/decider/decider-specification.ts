import { AssertionError, deepStrictEqual } from 'node:assert/strict';
import { inspect } from 'node:util';
import type { Decider } from './decider.js';

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

export interface DeciderThen<Event> {
  /** Asserts the command is accepted and yields exactly these events (deep equality, with a diff). */
  then(expected: readonly Event[]): void;
  /** Asserts the command is rejected with an error that passes the predicate. */
  thenThrows(predicate: (error: unknown) => boolean): void;
  /**
   * Asserts the command is rejected with an instance of `errorClass`; `expected` either lists properties
   * the error must have (compared with a diff, e.g. `{ code: 'TENANT_NOT_ACTIVE' }`) or is a predicate.
   */
  thenThrows<E extends Error>(
    errorClass: ErrorClass<E>,
    expected?: Partial<Record<keyof E, unknown>> | ((error: E) => boolean),
  ): void;
}

/**
 * Given/when/then for deciders, with no test-framework dependency: failures throw node's AssertionError,
 * which vitest (and any other runner) reports with a readable diff.
 *
 * `DeciderSpecification.for(decider).given(events).when(command).then(events)`
 */
export const DeciderSpecification = {
  for<Command, Event, State>(decider: Decider<Command, Event, State>) {
    return {
      given(events: readonly Event[]) {
        return {
          when(command: Command): DeciderThen<Event> {
            const run = (): Event[] => {
              let state = decider.initialState();
              for (const event of events) state = decider.evolve(state, event);
              return decider.decide(command, state);
            };
            return {
              then(expected) {
                deepStrictEqual(run(), expected, 'The command produced other events than expected');
              },
              thenThrows(
                check: ErrorClass<Error> | ((error: unknown) => boolean),
                expected?: Record<string, unknown> | ((error: Error) => boolean),
              ) {
                let produced: Event[];
                try {
                  produced = run();
                } catch (error) {
                  assertRejection(error, check, expected);
                  return;
                }
                throw new AssertionError({
                  message: `Expected the command to be rejected, but it produced ${inspect(produced, { depth: 4 })}`,
                });
              },
            };
          },
        };
      },
    };
  },
};

function assertRejection(
  error: unknown,
  check: ErrorClass<Error> | ((error: unknown) => boolean),
  expected: Record<string, unknown> | ((error: Error) => boolean) | undefined,
): void {
  if (!isErrorClass(check)) {
    if (!check(error)) fail(`The rejection did not pass the predicate: ${describe(error)}`);
    return;
  }
  if (!(error instanceof check)) fail(`Expected a ${check.name}, but got ${describe(error)}`);
  if (typeof expected === 'function') {
    if (!expected(error)) fail(`The ${check.name} did not pass the predicate: ${describe(error)}`);
  } else if (expected !== undefined) {
    const actual: Record<string, unknown> = {};
    for (const key of Object.keys(expected)) actual[key] = (error as unknown as Record<string, unknown>)[key];
    deepStrictEqual(actual, expected, `The ${check.name} differs from the expected one: ${describe(error)}`);
  }
}

// Error classes are functions with an Error prototype; predicates are plain (usually arrow) functions.
function isErrorClass(check: unknown): check is ErrorClass<Error> {
  return typeof check === 'function' && (check === Error || check.prototype instanceof Error);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : inspect(error);
}

function fail(message: string): never {
  throw new AssertionError({ message });
}
