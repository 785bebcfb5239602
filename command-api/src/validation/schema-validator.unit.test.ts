import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ProblemException } from '../http/problem.js';
import { compileValidator } from './schema-validator.js';

const validate = compileValidator(
  Type.Object(
    {
      batches: Type.Array(
        Type.Object(
          { id: Type.String({ pattern: '^[a-z]+$' }), points: Type.Array(Type.Object({ v: Type.Number() })) },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
);

function problemOf(value: unknown) {
  try {
    validate(value);
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('compileValidator', () => {
  it('returns a valid value as it is', () => {
    const value = { batches: [{ id: 'a', points: [{ v: 1 }] }] };
    expect(validate(value)).toBe(value);
  });

  it.each([
    [
      { batches: [{ id: 'a', points: [{ v: 'x' }] }] },
      'batches[0].points[0].v',
      'batches[0].points[0].v must be number',
    ],
    [{ batches: [{ points: [] }] }, 'batches[0].id', 'batches[0].id is required'],
    [
      { batches: [{ id: 'a', points: [], extra: 1 }] },
      'batches[0].extra',
      'batches[0].extra is not an accepted property',
    ],
    [{ batches: [{ id: 'A;--', points: [] }] }, 'batches[0].id', 'batches[0].id "A;--" must match ^[a-z]+$'],
    ['text', 'body', 'body must be object'],
  ])('names the field of %j', (value, field, detail) => {
    expect(problemOf(value)).toMatchObject({ status: 422, code: 'INVALID_FIELD', field, detail });
  });
});
