import type pg from 'pg';
import type { LogRange } from '@chronicle/eventstore';

/** What one applied stretch of the log changed, per tenant, for the query API's live updates. */
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
  readonly eventTypes: readonly string[];
  /** Idempotent DDL for this version's tables, row-level security included. */
  readonly schema: string;
  /** View name -> this version's table, both in schema chronicle_read. */
  readonly views: Readonly<Record<string, string>>;
  apply(client: pg.ClientBase, range: LogRange): Promise<ReadModelChange[]>;
}
