import type { PipeTransform } from '@nestjs/common';
import type { Static, TSchema } from '@sinclair/typebox';
import { compileValidator, type Validator } from './schema-validator.js';

/**
 * `@Body(new SchemaPipe(schema))`: the body, checked against its JSON schema and typed. `whenAbsent` stands
 * in for a body that was not sent at all (a command with nothing to say).
 */
export class SchemaPipe<S extends TSchema> implements PipeTransform<unknown, Static<S>> {
  private readonly validate: Validator<Static<S>>;

  constructor(
    readonly schema: S,
    private readonly whenAbsent?: Static<S>,
  ) {
    this.validate = compileValidator(schema);
  }

  transform(value: unknown): Static<S> {
    return this.validate(value === undefined && this.whenAbsent !== undefined ? this.whenAbsent : value);
  }
}
