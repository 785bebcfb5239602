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

export type ProjectionStatus = 'BUILDING' | 'LIVE' | 'RETIRED' | 'FAILED' | 'CANCELLED';

export interface Projection {
  name: string;
  version: number;
  status: ProjectionStatus;
  position: string;
  head: string;
  lag: string;
  eventsApplied: string;
  progress: number;
  error: string | null;
  startedAt: string;
  updatedAt: string;
}

const PROJECTION_FIELDS = gql`
  fragment ProjectionFields on Projection {
    name
    version
    status
    position
    head
    lag
    eventsApplied
    progress
    error
    startedAt
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

export const ReauthenticateMutation = `
  mutation Reauthenticate($token: String!) {
    reauthenticate(token: $token) {
      expiresAt
    }
  }
`;
