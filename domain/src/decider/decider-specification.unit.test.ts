import { AssertionError } from 'node:assert/strict';
import { describe, expect, it } from 'vitest';
import type { Decider } from './decider.js';
import { DeciderSpecification } from './decider-specification.js';
import { ConflictError, NotFoundError } from './domain-error.js';

// A counter that may not go above 2, just enough to exercise the helper.
type Increment = { type: 'Increment'; data: { by: number } };
type Incremented = { type: 'Incremented'; data: { by: number } };

const counter: Decider<Increment, Incremented, number> = {
  decide: ({ data }, state) => {
    if (state + data.by > 2) throw new ConflictError('COUNTER_FULL', `Counter is at ${state}`);
    return [{ type: 'Incremented', data }];
  },
  evolve: (state, { data }) => state + data.by,
  initialState: () => 0,
};

const spec = DeciderSpecification.for(counter);
const increment = (by: number): Increment => ({ type: 'Increment', data: { by } });
const incremented = (by: number): Incremented => ({ type: 'Incremented', data: { by } });

describe('DeciderSpecification', () => {
  it('passes when the events match', () => {
    spec
      .given([incremented(1)])
      .when(increment(1))
      .then([incremented(1)]);
  });

  it('fails with a diff when the events differ', () => {
    expect(() =>
      spec
        .given([])
        .when(increment(1))
        .then([incremented(2)]),
    ).toThrow(AssertionError);
    expect(() =>
      spec
        .given([])
        .when(increment(1))
        .then([incremented(2)]),
    ).toThrow(/other events than expected/);
  });

  it('folds the given events before deciding', () => {
    spec
      .given([incremented(1), incremented(1)])
      .when(increment(1))
      .thenThrows(ConflictError);
  });

  it('checks the error class, its properties, or a predicate', () => {
    const full = spec.given([incremented(2)]).when(increment(1));
    full.thenThrows(ConflictError, { code: 'COUNTER_FULL' });
    full.thenThrows(ConflictError, (error) => error.message.includes('at 2'));
    full.thenThrows((error) => error instanceof ConflictError);
    expect(() => full.thenThrows(NotFoundError)).toThrow(/Expected a NotFoundError, but got ConflictError/);
    expect(() => full.thenThrows(ConflictError, { code: 'OTHER' })).toThrow(AssertionError);
    expect(() => full.thenThrows(ConflictError, () => false)).toThrow(/did not pass the predicate/);
    expect(() => full.thenThrows(() => false)).toThrow(/did not pass the predicate/);
  });

  it('fails when a rejection was expected but the command was accepted', () => {
    expect(() => spec.given([]).when(increment(1)).thenThrows(ConflictError)).toThrow(
      /Expected the command to be rejected, but it produced .*Incremented/s,
    );
  });
});
