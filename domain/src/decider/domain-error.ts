/**
 * A command broke a domain rule. `code` is machine-readable and stable (API clients may switch on it);
 * `message` names what is wrong for a human. The subclass says which kind of rule, so an HTTP edge can map
 * it without knowing every code: ValidationError -> 422, NotFoundError -> 404, ConflictError -> 409.
 */
export abstract class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The command itself is malformed, whatever the state. */
export class ValidationError extends DomainError {
  override name = 'ValidationError';

  constructor(
    code: string,
    message: string,
    /** Path of the offending input, e.g. `displayName` or `points[3].t`. */
    readonly field: string,
  ) {
    super(code, message);
  }
}

/** The command targets something that does not exist (yet). */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

/** The command is well formed but not allowed in the current state. */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
}
