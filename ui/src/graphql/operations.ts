import { gql } from '@urql/core';

/**
 * Every GraphQL operation the dashboard sends, written against query-api/schema.graphql (a unit test
 * validates them against it), with the shapes of their results.
 */

export type Resolution = 'RAW' | 'MINUTE' | 'HOUR' | 'DAY';
export type SourceStatus = 'ACTIVE' | 'RETIRED';

export interface Source {
  id: string;
  name: string;
  owner: string;
  unit: string | null;
  status: SourceStatus;
  registeredAt: string;
  lastValue: number | null;
  lastTs: number | null;
  lastSeen: string | null;
}

export interface Point {
  t: number;
  value: number;
}

const SOURCE_FIELDS = gql`
  fragment SourceFields on Source {
    id
    name
    owner
    unit
    status
    registeredAt
    lastValue
    lastTs
    lastSeen
  }
`;

export const SourcesQuery = gql<
  { sources: { edges: { node: Source }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } },
  { first?: number; after?: string | null }
>`
  query Sources($first: Int = 500, $after: String) {
    sources(first: $first, after: $after) {
      edges {
        node {
          ...SourceFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${SOURCE_FIELDS}
`;

export const SourceChangedSubscription = gql<
  { sourceChanged: { sources: Source[]; gap: boolean } },
  { sourceIds?: string[] | null }
>`
  subscription SourceChanged($sourceIds: [ID!]) {
    sourceChanged(sourceIds: $sourceIds) {
      sources {
        ...SourceFields
      }
      gap
    }
  }
  ${SOURCE_FIELDS}
`;

/** A user of the tenant (tenant-admins only); `subject` is what a source's `owner` holds, once provisioned. */
export interface TenantUser {
  username: string;
  subject: string | null;
}

export const TenantUsersQuery = gql<{ users: TenantUser[] }, Record<string, never>>`
  query TenantUsers {
    users {
      username
      subject
    }
  }
`;

export const SeriesQuery = gql<
  { series: { sourceId: string; resolution: Resolution; points: Point[] } },
  { sourceId: string; from: number; to: number; maxPoints: number; resolution: Resolution }
>`
  query Series(
    $sourceId: ID!
    $from: EpochMillis!
    $to: EpochMillis!
    $maxPoints: Int
    $resolution: Resolution
  ) {
    series(
      sourceId: $sourceId
      from: $from
      to: $to
      maxPoints: $maxPoints
      resolution: $resolution
      aggregate: AVG
    ) {
      sourceId
      resolution
      points {
        t
        value
      }
    }
  }
`;

export interface SeriesUpdate {
  changes: { sourceId: string; resolution: Resolution; points: Point[] }[];
  gap: boolean;
}

export const SeriesUpdatedSubscription = gql<
  { seriesUpdated: SeriesUpdate },
  { sourceIds: string[]; resolution: Resolution }
>`
  subscription SeriesUpdated($sourceIds: [ID!]!, $resolution: Resolution) {
    seriesUpdated(sourceIds: $sourceIds, resolution: $resolution, aggregate: AVG) {
      changes {
        sourceId
        resolution
        points {
          t
          value
        }
      }
      gap
    }
  }
`;

export type ProjectionStatus = 'REQUESTED' | 'BUILDING' | 'LIVE' | 'RETIRED' | 'FAILED' | 'CANCELLED';

/** One build of a projection version: its first (generation 1), or a rebuild of it. */
export interface Projection {
  name: string;
  version: number;
  generation: number;
  status: ProjectionStatus;
  position: string;
  head: string;
  lag: string;
  eventsApplied: string;
  progress: number;
  /** Where a build under way stands; null for one that is not building. */
  stage: 'REPLAYING' | 'UNITS' | 'CATCHING_UP' | null;
  /** While it builds in bulk: its units (the position stands still meanwhile). */
  bulk: { unitsBuilt: number; units: number; pointsBuilt: string; points: string } | null;
  error: string | null;
  requestedBy: string | null;
  cancelledBy: string | null;
  startedAt: string;
  switchedAt: string | null;
  updatedAt: string;
}

const PROJECTION_FIELDS = gql`
  fragment ProjectionFields on Projection {
    name
    version
    generation
    status
    position
    head
    lag
    eventsApplied
    progress
    stage
    bulk {
      unitsBuilt
      units
      pointsBuilt
      points
    }
    error
    requestedBy
    cancelledBy
    startedAt
    switchedAt
    updatedAt
  }
`;

export const ProjectionsQuery = gql<{ projections: Projection[] }, Record<string, never>>`
  query Projections {
    projections {
      ...ProjectionFields
    }
  }
  ${PROJECTION_FIELDS}
`;

export const ProjectionProgressSubscription = gql<
  { projectionProgress: Projection[] },
  Record<string, never>
>`
  subscription ProjectionProgress {
    projectionProgress {
      ...ProjectionFields
    }
  }
  ${PROJECTION_FIELDS}
`;

export const StartRebuildMutation = gql<{ startRebuild: Projection }, { projection: string }>`
  mutation StartRebuild($projection: String!) {
    startRebuild(projection: $projection) {
      ...ProjectionFields
    }
  }
  ${PROJECTION_FIELDS}
`;

export const CancelRebuildMutation = gql<{ cancelRebuild: Projection }, { projection: string }>`
  mutation CancelRebuild($projection: String!) {
    cancelRebuild(projection: $projection) {
      ...ProjectionFields
    }
  }
  ${PROJECTION_FIELDS}
`;

export const ReauthenticateMutation = `
  mutation Reauthenticate($token: String!) {
    reauthenticate(token: $token) {
      expiresAt
    }
  }
`;

/** The audit filter as the query API takes it (`EventFilter`): every field narrows the list. */
export interface EventFilterInput {
  streamId?: string;
  types?: string[];
  actor?: string;
  /** Recorded times, ISO 8601, inclusive. */
  from?: string;
  to?: string;
}

export interface AuditEvent {
  eventId: string;
  position: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  data: unknown;
  metadata: Record<string, unknown>;
  actor: string | null;
  producer: string | null;
  correlationId: string | null;
  hash: string;
}

export const EventsQuery = gql<
  {
    events: {
      edges: { cursor: string; node: AuditEvent }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  },
  { filter: EventFilterInput; first: number; after?: string | null }
>`
  query Events($filter: EventFilter, $first: Int, $after: String) {
    events(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          eventId
          position
          streamId
          streamVersion
          type
          schemaVersion
          recordedAt
          data
          metadata
          actor
          producer
          correlationId
          hash
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/** A moment of the log (`AsOf`, one of the two). */
export type AsOf = { position: string } | { time: string };

export interface StreamAsOf {
  id: string;
  version: number;
  position: string | null;
  recordedAt: string | null;
  kind: string | null;
  state: unknown;
}

export const StreamAsOfQuery = gql<{ stream: StreamAsOf }, { id: string; asOf?: AsOf | null }>`
  query StreamAsOf($id: ID!, $asOf: AsOf) {
    stream(id: $id, asOf: $asOf) {
      id
      version
      position
      recordedAt
      kind
      state
    }
  }
`;

export interface StreamVerification {
  streamId: string;
  intact: boolean;
  version: number | null;
  problem: {
    kind: 'ALTERED' | 'MISSING' | 'INSERTED';
    streamVersion: number;
    position: string | null;
    eventId: string | null;
    message: string;
  } | null;
}

const STREAM_VERIFICATION_FIELDS = gql`
  fragment StreamVerificationFields on StreamVerification {
    streamId
    intact
    version
    problem {
      kind
      streamVersion
      position
      eventId
      message
    }
  }
`;

export const VerifyStreamQuery = gql<{ verifyStream: StreamVerification }, { id: string }>`
  query VerifyStream($id: ID!) {
    verifyStream(id: $id) {
      ...StreamVerificationFields
    }
  }
  ${STREAM_VERIFICATION_FIELDS}
`;

export interface TenantVerification {
  streams: number;
  events: number;
  intact: boolean;
  broken: StreamVerification[];
}

export const VerifyTenantQuery = gql<{ verifyTenant: TenantVerification }, Record<string, never>>`
  query VerifyTenant {
    verifyTenant {
      streams
      events
      intact
      broken {
        ...StreamVerificationFields
      }
    }
  }
  ${STREAM_VERIFICATION_FIELDS}
`;

export const SeriesAsOfQuery = gql<
  { seriesAsOf: { sourceId: string; resolution: Resolution; points: Point[] } },
  { sourceId: string; from: number; to: number; asOf: AsOf }
>`
  query SeriesAsOf($sourceId: ID!, $from: EpochMillis!, $to: EpochMillis!, $asOf: AsOf!) {
    seriesAsOf(sourceId: $sourceId, from: $from, to: $to, asOf: $asOf, resolution: RAW, aggregate: AVG) {
      sourceId
      resolution
      points {
        t
        value
      }
    }
  }
`;

/** A stream's events, only where each sits in the log: the time-travel slider's stops. */
export const StreamVersionsQuery = gql<
  {
    events: {
      edges: { node: Pick<AuditEvent, 'streamVersion' | 'position' | 'recordedAt'> }[];
      pageInfo: { hasNextPage: boolean };
    };
  },
  { streamId: string; first: number }
>`
  query StreamVersions($streamId: ID!, $first: Int) {
    events(filter: { streamId: $streamId }, first: $first) {
      edges {
        node {
          streamVersion
          position
          recordedAt
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`;
