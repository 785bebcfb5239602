/**
 * A domain event as deciders see it: a plain typed literal, unversioned.
 * The event registry adds the schema version when it wraps the event in an envelope.
 */
export interface Event<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}
