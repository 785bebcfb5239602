import type { PipeTransform } from '@nestjs/common';
import { compileValidator } from '../validation/schema-validator.js';
import { SourceBatchSchema, SourceBatchesSchema, type SourceBatch } from './messages.schema.js';

const oneSource = compileValidator(SourceBatchSchema);
const manySources = compileValidator(SourceBatchesSchema);

export interface Messages {
  batches: SourceBatch[];
  /** How the body names batch `index`'s fields in errors: `batches[2].` or nothing for a one-batch body. */
  fieldPrefix(index: number): string;
}

/**
 * Both body shapes become a list of batches. The shape is chosen by the `batches` property rather than by
 * an anyOf, so an error names the field of the shape the producer meant instead of both shapes' failures.
 */
export class MessagesPipe implements PipeTransform<unknown, Messages> {
  transform(body: unknown): Messages {
    if (typeof body === 'object' && body !== null && 'batches' in body) {
      return { batches: manySources(body).batches, fieldPrefix: (index) => `batches[${index}].` };
    }
    return { batches: [oneSource(body)], fieldPrefix: () => '' };
  }
}
