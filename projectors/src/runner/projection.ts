import type pg from 'pg';
import type { LogRange } from '@chronicle/eventstore';

/** What one applied stretch of the log changed, per tenant and span of time, for the query API's live updates. */
export interface ReadModelChange {
  tenant: string;
  /** Sources whose data changed (empty for changes that concern no source). */
  sourceIds: string[];
  /** Span of measurement time touched, epoch milliseconds, when points changed. */
  from?: number;
  to?: number;
}

/**
 * A projection version: the event types it folds, the tables it keeps (DDL shipped with the version, so a
 * new version builds beside the old one), the stable view names readers query, and how it applies a
 * stretch of the log, in SQL, inside the runner's transaction (which also moves its checkpoint).
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /**
   * Which build of the version this is: 1 its first; each runtime rebuild (asked for by ops) builds the
   * next one from the log, with tables of its own, beside the generation that serves.
   */
  readonly generation: number;
  /** The same version as build `generation` (its own tables), for runtime rebuilds; absent: none. */
  ofGeneration?(generation: number): Projection;
  readonly eventTypes: readonly string[];
  /** Idempotent DDL for this version's tables, row-level security included. */
  readonly schema: string;
  /** View name -> this version's table, both in schema chronicle_read. */
  readonly views: Readonly<Record<string, string>>;
  apply(client: pg.ClientBase, range: LogRange): Promise<ReadModelChange[]>;
  /** Every table of the version, working tables included, for ops' drop (the views' tables when absent). */
  readonly tables?: readonly string[];
  /** A faster way to build a new version from an empty read model than applying the log batch by batch. */
  readonly bulkBuild?: BulkBuild;
}

/**
 * A bulk build, for a version that builds from empty: while it replays the log, `append` only notes the
 * events (the checkpoint moves with each batch, as with `apply`); once the replay has caught up, `plan`
 * closes it and splits the work into units, each built in a transaction of its own (units may run side by
 * side, and a unit built is never built again, so a crash costs at most the units under way); `finish`
 * makes the read model whole, and from there the version follows the log through `apply`.
 */
export interface BulkBuild {
  /** In the transaction that creates the version, its tables still empty: turns the bulk path on. */
  start(client: pg.ClientBase): Promise<void>;
  /** off: `apply` as usual; replaying: `append`; units: the replay is closed, units or `finish` to do. */
  stage(client: pg.ClientBase): Promise<'off' | 'replaying' | 'units'>;
  append(client: pg.ClientBase, range: LogRange): Promise<void>;
  /** Ends the replay where the checkpoint stands and plans the units. */
  plan(client: pg.ClientBase): Promise<void>;
  /** The units not built yet, biggest first. */
  pendingUnits(client: pg.ClientBase): Promise<number[]>;
  buildUnit(client: pg.ClientBase, unit: number): Promise<void>;
  /** After the last unit: the read model as `apply` would have left it at the checkpoint. */
  finish(client: pg.ClientBase): Promise<void>;
  /** Gives the bulk path up (a unit failed on the events): empty tables again, to replay with `apply`. */
  abandon(client: pg.ClientBase): Promise<void>;
  /**
   * Units (and their points) built so far, of how many, once planned; undefined before (for ops: the
   * replay's position stands still meanwhile). Read by ops as chronicle_platform, while it may finish.
   */
  progress(client: pg.ClientBase): Promise<BulkProgress | undefined>;
}

export interface BulkProgress {
  built: number;
  units: number;
  pointsBuilt: number;
  points: number;
}
