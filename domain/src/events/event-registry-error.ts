/**
 * Errors about stored or declared event shapes, not about business rules: they mean the data or the code
 * is out of step (a deploy rolled back, a missing upcaster), so callers should treat them as faults.
 */
export abstract class EventRegistryError extends Error {
  abstract readonly code: string;
}

export class UnknownEventType extends EventRegistryError {
  readonly code = 'UNKNOWN_EVENT_TYPE';
  override name = 'UnknownEventType';

  constructor(readonly type: string) {
    super(`Unknown event type "${type}": it is not declared in the event registry`);
  }
}

export class UnsupportedSchemaVersion extends EventRegistryError {
  readonly code = 'UNSUPPORTED_SCHEMA_VERSION';
  override name = 'UnsupportedSchemaVersion';

  constructor(
    readonly type: string,
    readonly schemaVersion: unknown,
    readonly currentSchemaVersion: number,
    reason: string,
  ) {
    super(
      `Cannot read "${type}" at schema version ${String(schemaVersion)} ` +
        `(current is ${currentSchemaVersion}): ${reason}`,
    );
  }
}

/** Thrown at start-up, when a registry is created from inconsistent declarations. */
export class InvalidEventRegistry extends EventRegistryError {
  readonly code = 'INVALID_EVENT_REGISTRY';
  override name = 'InvalidEventRegistry';
}
