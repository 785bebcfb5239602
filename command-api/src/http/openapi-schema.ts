import type { SchemaObject } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';

/**
 * A request schema as the OpenAPI document shows it: the same JSON Schema the validator compiles (the
 * document is OpenAPI 3.1, whose schemas are JSON Schema), without TypeBox's symbol-keyed annotations.
 */
export function openApiSchema(schema: TSchema): SchemaObject {
  return JSON.parse(JSON.stringify(schema)) as SchemaObject;
}
