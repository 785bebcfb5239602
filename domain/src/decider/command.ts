/**
 * A command as deciders see it: a plain typed literal. `Metadata` carries what the caller knows about the
 * moment (e.g. `now`), so deciders never read the clock; it is optional when `Metadata` admits `undefined`.
 */
export type Command<
  Type extends string = string,
  Data = unknown,
  Metadata extends object | undefined = undefined,
> = { readonly type: Type; readonly data: Data } & (undefined extends Metadata
  ? { readonly metadata?: Metadata }
  : { readonly metadata: Metadata });

/** The metadata of a command whose outcome depends on the current time. */
export interface CommandClock {
  /** The time the command is handled at, as the handler's clock tells it. */
  readonly now: Date;
}
