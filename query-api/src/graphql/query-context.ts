import type { EventStore } from '@chronicle/eventstore';
import type { Authenticator } from '../auth/authenticate.js';
import type { Caller } from '../auth/caller.js';
import type { SocketSession } from '../auth/socket-session.js';
import type { ReadModels } from '../database/read-models.js';
import type { ProjectionFanout } from '../subscriptions/projection-fanout.js';
import type { SeriesFanout } from '../subscriptions/series-fanout.js';
import type { SourceFanout } from '../subscriptions/source-fanout.js';

/** What resolvers share for the process's lifetime. */
export interface QueryServices {
  readModels: ReadModels;
  /** The event store as chronicle_app: streams as of a moment, hash-chain checks. */
  store: EventStore;
  authenticator: Authenticator;
  series: SeriesFanout;
  sources: SourceFanout;
  projections: ProjectionFanout;
}

/** Per operation: who asks (verified), the shared services, and over a WebSocket its session. */
export interface QueryContext {
  readonly caller: Caller;
  readonly services: QueryServices;
  readonly session?: SocketSession;
}
