import { ValidationError } from '../decider/domain-error.js';

export interface TextRule {
  /** Input path named in the error, e.g. `displayName`. */
  readonly field: string;
  readonly maxLength: number;
  /** Error code when the text is missing, blank or too long. */
  readonly code: string;
}

/**
 * Checks free text typed by people (names, reasons): a string, not blank, at most `maxLength` characters
 * once trimmed. Returns it trimmed, so that stray whitespace never makes two names differ.
 */
export function requireText(value: unknown, { field, maxLength, code }: TextRule): string {
  if (typeof value !== 'string') {
    throw new ValidationError(code, `${field} must be a string, got ${typeof value}`, field);
  }
  const text = value.trim();
  if (text.length === 0) throw new ValidationError(code, `${field} must not be empty`, field);
  if (text.length > maxLength) {
    throw new ValidationError(
      code,
      `${field} must be at most ${maxLength} characters, got ${text.length}`,
      field,
    );
  }
  return text;
}
