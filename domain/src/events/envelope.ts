/**
 * The persisted shape of an event: plain, versioned, serialisable data.
 * Deciders work with unversioned domain events; the registry turns them into envelopes
 * (stamping the current schema version) and back (upcasting older versions on read).
 */
export interface EventMetadata {
  /** Id of the command that produced the event. */
  commandId?: string;
  /** Id shared by everything one request (or one producer batch) caused. */
  correlationId?: string;
  /** Id of the command or event that directly caused this one. */
  causationId?: string;
  /** Subject (`sub`) of the user or client that issued the command. */
  actor?: string;
  /** Client id of the producer that submitted the data, when a machine did. */
  producer?: string;
  [key: string]: unknown;
}

export interface EventEnvelope<Type extends string = string, Data = unknown> {
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
}
