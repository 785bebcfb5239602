import type { ExpectedVersion } from './types.js';

/** Every error the store raises on purpose; `code` is stable for callers to map (e.g. to HTTP statuses). */
export class EventStoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request itself is malformed; nothing was written. */
export class InvalidAppend extends EventStoreError {
  constructor(
    code:
      | 'invalid_tenant'
      | 'invalid_stream_id'
      | 'invalid_event_type'
      | 'invalid_schema_version'
      | 'invalid_expected_version'
      | 'invalid_idempotency_key'
      | 'empty_append'
      | 'duplicate_stream'
      | 'unserialisable_data'
      | 'event_too_large',
    message: string,
  ) {
    super(code, message);
  }
}

export class WrongExpectedVersion extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(
      'wrong_expected_version',
      `stream '${streamId}' is at version ${actual}, but the append expected ${JSON.stringify(expected)}`,
    );
  }
}

export class IdempotencyKeyReused extends EventStoreError {
  constructor(readonly idempotencyKey: string) {
    super(
      'idempotency_key_reused',
      `idempotency key '${idempotencyKey}' was already used for a different append`,
    );
  }
}

export class InvalidReadRequest extends EventStoreError {
  constructor(message: string) {
    super('invalid_read', message);
  }
}
