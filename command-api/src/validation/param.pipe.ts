import type { PipeTransform } from '@nestjs/common';
import type { TSchema } from '@sinclair/typebox';
import { fail } from '../http/problem.js';
import { compileValidator, type Validator } from './schema-validator.js';

/** `@Param('sourceId', new ParamPipe('sourceId', schema))`: a path parameter checked like a body field. */
export class ParamPipe implements PipeTransform<string, string> {
  private readonly validate: Validator<unknown>;

  constructor(
    private readonly name: string,
    schema: TSchema,
  ) {
    this.validate = compileValidator(schema);
  }

  transform(value: string): string {
    try {
      this.validate(value);
    } catch {
      const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
      throw fail(
        422,
        'INVALID_FIELD',
        `${this.name} ${JSON.stringify(shown)} is not a valid ${this.name}`,
        this.name,
      );
    }
    return value;
  }
}
