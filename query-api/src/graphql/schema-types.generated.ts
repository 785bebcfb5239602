// Generated from schema.graphql by `npm run codegen -w query-api`: do not edit.
/* eslint-disable @typescript-eslint/no-explicit-any -- resolver signatures as codegen writes them */
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { SourceModel } from '../sources/source-model.js';
import type { RecordedEvent } from '@chronicle/eventstore';
import type { QueryContext } from './query-context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string };
  String: { input: string; output: string };
  Boolean: { input: boolean; output: boolean };
  Int: { input: number; output: number };
  Float: { input: number; output: number };
  /** A 64-bit integer (log positions, counts of events), as a decimal string. */
  BigInt: { input: string; output: bigint | string };
  /** A point in time as an ISO 8601 string in UTC. */
  DateTime: { input: string; output: Date | string };
  /** Milliseconds since the Unix epoch, as a JSON number (an integer). */
  EpochMillis: { input: number; output: number };
  /** Any JSON value (event data and metadata, folded stream state). */
  JSON: { input: unknown; output: unknown };
};

export type Aggregate = 'AVG' | 'COUNT' | 'FIRST' | 'LAST' | 'MAX' | 'MIN';

/** A moment of the log: a global position (events at or before it) or a recorded time. */
export type AsOf =
  | { position: Scalars['BigInt']['input']; time?: never }
  | { position?: never; time: Scalars['DateTime']['input'] };

export type BuildStage =
  /** Following the log to its head after the units, batch by batch, until it switches. */
  | 'CATCHING_UP'
  /** Reading the event log up to its head (`progress` is how far). */
  | 'REPLAYING'
  /** Building in bulk what the replay noted, unit by unit (`bulk` is how far); the position stands still. */
  | 'UNITS';

export type BulkBuildProgress = {
  __typename?: 'BulkBuildProgress';
  points: Scalars['BigInt']['output'];
  /** Points in the units built so far, and in all of them: the build's share done. */
  pointsBuilt: Scalars['BigInt']['output'];
  units: Scalars['Int']['output'];
  unitsBuilt: Scalars['Int']['output'];
};

export type ChainProblem = {
  __typename?: 'ChainProblem';
  eventId: Maybe<Scalars['ID']['output']>;
  kind: ChainProblemKind;
  message: Scalars['String']['output'];
  position: Maybe<Scalars['BigInt']['output']>;
  streamVersion: Scalars['Int']['output'];
};

export type ChainProblemKind = 'ALTERED' | 'INSERTED' | 'MISSING';

/** An event of the log: its data (upcast to the current schema version), metadata, place in the hash chain. */
export type Event = {
  __typename?: 'Event';
  /** Who issued the command (metadata.actor), and the producer client when a machine did. */
  actor: Maybe<Scalars['String']['output']>;
  correlationId: Maybe<Scalars['String']['output']>;
  data: Scalars['JSON']['output'];
  eventId: Scalars['ID']['output'];
  /** Hex sha256 chaining the event to the one before it in its stream. */
  hash: Scalars['String']['output'];
  metadata: Scalars['JSON']['output'];
  position: Scalars['BigInt']['output'];
  producer: Maybe<Scalars['String']['output']>;
  recordedAt: Scalars['DateTime']['output'];
  schemaVersion: Scalars['Int']['output'];
  streamId: Scalars['ID']['output'];
  streamVersion: Scalars['Int']['output'];
  type: Scalars['String']['output'];
};

export type EventConnection = {
  __typename?: 'EventConnection';
  edges: Array<EventEdge>;
  pageInfo: PageInfo;
};

export type EventEdge = {
  __typename?: 'EventEdge';
  cursor: Scalars['String']['output'];
  node: Event;
};

/** Which events of the tenant's log to list; every field narrows the list. */
export type EventFilter = {
  /** The subject that issued the command (metadata.actor). */
  actor?: InputMaybe<Scalars['String']['input']>;
  /** Recorded times, inclusive. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** Global log positions, inclusive. */
  fromPosition?: InputMaybe<Scalars['BigInt']['input']>;
  streamId?: InputMaybe<Scalars['ID']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
  toPosition?: InputMaybe<Scalars['BigInt']['input']>;
  types?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type Me = {
  __typename?: 'Me';
  /** The OAuth client the token was issued to. */
  clientId: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  roles: Array<Scalars['String']['output']>;
  subject: Scalars['ID']['output'];
  /** The realm that issued the token: the tenant id, or `platform` for operators. */
  tenant: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Cancels the build of a projection under way (a rebuild, or a new version's), for ops: it stops at its
   * next batch and its tables are dropped; the serving copy goes on. Returns the cancelled build. Refused
   * with CONFLICT when no build of the projection is under way, with NOT_FOUND for an unknown projection.
   */
  cancelRebuild: Projection;
  /**
   * Over a WebSocket only: replaces the connection's token with a fresh one of the same tenant and subject,
   * before the old one expires. The socket is closed with code 4401 when its token expires, unless this was
   * called with a later token first.
   */
  reauthenticate: Session;
  /**
   * Starts a rebuild of a projection (`timeseries`, `catalogue`), for ops (platform realm, role ops): the
   * runners build a fresh copy of its serving version (the version's next `generation`) from the event log,
   * beside the serving copy, which goes on serving; once the copy has caught up, readers switch to it in one
   * transaction. Progress shows on `projections` and `projectionProgress`. Returns the new build, REQUESTED
   * until a runner takes it up. Refused with CONFLICT while a build of the projection is under way, with
   * NOT_FOUND for a projection that does not exist or has no serving version.
   */
  startRebuild: Projection;
};

export type MutationCancelRebuildArgs = {
  projection: Scalars['String']['input'];
};

export type MutationReauthenticateArgs = {
  token: Scalars['String']['input'];
};

export type MutationStartRebuildArgs = {
  projection: Scalars['String']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type ProducerClient = {
  __typename?: 'ProducerClient';
  clientId: Scalars['ID']['output'];
  /** Secret rotations requested so far (0 until the first). */
  secretRotations: Scalars['Int']['output'];
};

/** One build of a projection version: its first, or a rebuild of it (a later `generation`). */
export type Projection = {
  __typename?: 'Projection';
  /** While a build builds in bulk: its units of points, built side by side after the replay. */
  bulk: Maybe<BulkBuildProgress>;
  cancelledBy: Maybe<Scalars['String']['output']>;
  error: Maybe<Scalars['String']['output']>;
  eventsApplied: Scalars['BigInt']['output'];
  /** Which build of the version: 1 its first, one more for each rebuild started at run time. */
  generation: Scalars['Int']['output'];
  /** The newest position of the log. */
  head: Scalars['BigInt']['output'];
  /** Positions still to apply (head - position). */
  lag: Scalars['BigInt']['output'];
  name: Scalars['String']['output'];
  /** The log position the version has applied up to. */
  position: Scalars['BigInt']['output'];
  /**
   * For a build, how far its replay of the log is (position / head, 0 to 1); 1 once it serves. A build in
   * bulk then builds its units (see `bulk`) with the position standing still.
   */
  progress: Scalars['Float']['output'];
  /** The ops user (subject) who started the rebuild, or cancelled the build; null for a deployment's. */
  requestedBy: Maybe<Scalars['String']['output']>;
  /** Where a build under way stands (null for one that is not building). */
  stage: Maybe<BuildStage>;
  startedAt: Scalars['DateTime']['output'];
  status: ProjectionStatus;
  /** When the build started serving (switched readers over), if it has. */
  switchedAt: Maybe<Scalars['DateTime']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};

export type ProjectionStatus =
  | 'BUILDING'
  | 'CANCELLED'
  | 'FAILED'
  | 'LIVE'
  /** A rebuild asked for, not yet taken up by a projector runner. */
  | 'REQUESTED'
  | 'RETIRED';

export type Query = {
  __typename?: 'Query';
  /**
   * The tenant's event log, for auditors (role auditor): events in log order with their metadata (data
   * upcast to the current schema version), filtered, a page at a time (`first` at most 1000). Only events
   * below the log's visibility horizon are listed, so a page never gains an event behind its cursor later.
   */
  events: EventConnection;
  /** Who the token says the caller is. */
  me: Me;
  /** The tenant's producer clients (machines that write), for tenant-admins. */
  producerClients: Array<ProducerClient>;
  /** Every projection version, for ops (platform realm, role ops). */
  projections: Array<Projection>;
  /**
   * A source's values over [from, to), from the read models. Give `resolution`, or let the API pick the finest
   * one that fits `maxPoints` (default 1000, at most 10000). Each point carries every aggregate of its bucket;
   * `value` is the one `aggregate` names.
   */
  series: Series;
  /**
   * A source's series as the log stood at `asOf`, recomputed from the events (auditors): what a dashboard
   * showed at that moment, before any later correction. At most 10000 values.
   */
  seriesAsOf: Series;
  /** One source, if the caller may see it (else null: another tenant's id or someone else's source reads as unknown). */
  source: Maybe<Source>;
  /**
   * Sources of the caller's tenant, ordered by id: a viewer gets the sources they own, a tenant-admin all of
   * the tenant's. `first` is at most 500.
   */
  sources: SourceConnection;
  /**
   * A stream as it stood at a log position or a time (auditors): its version then and the state its events
   * fold to (a tenant, a source, or a measurements summary). Without `asOf`, as it stands now.
   */
  stream: StreamAsOf;
  /** The tenant's users and their roles, for tenant-admins. */
  users: Array<TenantUser>;
  /** Recomputes a stream's hash chain and names the first event that breaks it (auditors). */
  verifyStream: StreamVerification;
  /** Recomputes the hash chain of every stream of the tenant and lists those that are broken (auditors). */
  verifyTenant: TenantVerification;
};

export type QueryEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<EventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type QuerySeriesArgs = {
  aggregate?: InputMaybe<Aggregate>;
  from: Scalars['EpochMillis']['input'];
  maxPoints?: InputMaybe<Scalars['Int']['input']>;
  resolution?: InputMaybe<Resolution>;
  sourceId: Scalars['ID']['input'];
  to: Scalars['EpochMillis']['input'];
};

export type QuerySeriesAsOfArgs = {
  aggregate?: InputMaybe<Aggregate>;
  asOf: AsOf;
  from: Scalars['EpochMillis']['input'];
  resolution?: InputMaybe<Resolution>;
  sourceId: Scalars['ID']['input'];
  to: Scalars['EpochMillis']['input'];
};

export type QuerySourceArgs = {
  id: Scalars['ID']['input'];
};

export type QuerySourcesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type QueryStreamArgs = {
  asOf?: InputMaybe<AsOf>;
  id: Scalars['ID']['input'];
};

export type QueryVerifyStreamArgs = {
  id: Scalars['ID']['input'];
};

export type Resolution =
  /** One-day buckets (UTC). */
  | 'DAY'
  /** One-hour buckets. */
  | 'HOUR'
  /** One-minute buckets. */
  | 'MINUTE'
  /** Every point as written. */
  | 'RAW';

export type Series = {
  __typename?: 'Series';
  aggregate: Aggregate;
  points: Array<SeriesPoint>;
  resolution: Resolution;
  sourceId: Scalars['ID']['output'];
};

export type SeriesChange = {
  __typename?: 'SeriesChange';
  points: Array<SeriesPoint>;
  resolution: Resolution;
  sourceId: Scalars['ID']['output'];
};

/** A raw point (count 1) or a bucket, at its start time. */
export type SeriesPoint = {
  __typename?: 'SeriesPoint';
  avg: Scalars['Float']['output'];
  count: Scalars['Int']['output'];
  first: Scalars['Float']['output'];
  last: Scalars['Float']['output'];
  max: Scalars['Float']['output'];
  min: Scalars['Float']['output'];
  t: Scalars['EpochMillis']['output'];
  /** The aggregate asked for. */
  value: Scalars['Float']['output'];
};

export type SeriesUpdate = {
  __typename?: 'SeriesUpdate';
  /** One entry per source with new or changed points. */
  changes: Array<SeriesChange>;
  /**
   * True when this subscriber may have missed changes since the last message (it fell behind and its buffer
   * overflowed, or the server lost its change feed for a moment): read the range again with `series`.
   */
  gap: Scalars['Boolean']['output'];
};

export type Session = {
  __typename?: 'Session';
  expiresAt: Scalars['DateTime']['output'];
  subject: Scalars['ID']['output'];
};

export type Source = {
  __typename?: 'Source';
  id: Scalars['ID']['output'];
  /** When measurements last arrived. */
  lastSeen: Maybe<Scalars['DateTime']['output']>;
  lastTs: Maybe<Scalars['EpochMillis']['output']>;
  /** The newest point's value and time (by measurement time), null before the first. */
  lastValue: Maybe<Scalars['Float']['output']>;
  name: Scalars['String']['output'];
  /** The subject (user id) of the source's owner. */
  owner: Scalars['ID']['output'];
  registeredAt: Scalars['DateTime']['output'];
  status: SourceStatus;
  unit: Maybe<Scalars['String']['output']>;
};

export type SourceChanges = {
  __typename?: 'SourceChanges';
  /** As in SeriesUpdate: changes may have been missed; read `sources` again. */
  gap: Scalars['Boolean']['output'];
  sources: Array<Source>;
};

export type SourceConnection = {
  __typename?: 'SourceConnection';
  edges: Array<SourceEdge>;
  pageInfo: PageInfo;
};

export type SourceEdge = {
  __typename?: 'SourceEdge';
  cursor: Scalars['String']['output'];
  node: Source;
};

export type SourceStatus = 'ACTIVE' | 'RETIRED';

export type StreamAsOf = {
  __typename?: 'StreamAsOf';
  id: Scalars['ID']['output'];
  /** What the stream holds: tenant, source or measurements (null for a stream no aggregate of ours writes). */
  kind: Maybe<Scalars['String']['output']>;
  /** The last of them: its position and recorded time. */
  position: Maybe<Scalars['BigInt']['output']>;
  recordedAt: Maybe<Scalars['DateTime']['output']>;
  /** What the events fold to (a measurements stream: counts and time span; its values are seriesAsOf's). */
  state: Maybe<Scalars['JSON']['output']>;
  /** Events in the stream at that moment (0: none yet). */
  version: Scalars['Int']['output'];
};

export type StreamVerification = {
  __typename?: 'StreamVerification';
  intact: Scalars['Boolean']['output'];
  problem: Maybe<ChainProblem>;
  streamId: Scalars['ID']['output'];
  /** The version verified, when intact. */
  version: Maybe<Scalars['Int']['output']>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Where every projection stands, pushed as they move, for ops (platform realm, role ops). */
  projectionProgress: Array<Projection>;
  /**
   * New and changed points of the sources (at most 100), pushed as soon as the projector commits them. Every
   * source must be visible to the caller, or the subscription fails with NOT_FOUND and delivers nothing.
   */
  seriesUpdated: SeriesUpdate;
  /** Sources that changed (name, owner, status, last value): the given ones, or all the caller may see. */
  sourceChanged: SourceChanges;
};

export type SubscriptionSeriesUpdatedArgs = {
  aggregate?: InputMaybe<Aggregate>;
  resolution?: InputMaybe<Resolution>;
  sourceIds: Array<Scalars['ID']['input']>;
};

export type SubscriptionSourceChangedArgs = {
  sourceIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type TenantUser = {
  __typename?: 'TenantUser';
  email: Scalars['String']['output'];
  roles: Array<Scalars['String']['output']>;
  /**
   * The user's Keycloak id, the `sub` of its tokens and what a source's `owner` holds; null until the
   * realm reconciler has provisioned the user.
   */
  subject: Maybe<Scalars['ID']['output']>;
  username: Scalars['ID']['output'];
};

export type TenantVerification = {
  __typename?: 'TenantVerification';
  broken: Array<StreamVerification>;
  events: Scalars['Int']['output'];
  /** Whether every stream is intact. */
  intact: Scalars['Boolean']['output'];
  /** Streams checked, and the events of the intact ones. */
  streams: Scalars['Int']['output'];
};

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<
  TResult,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<
  TResult,
  TKey extends string,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<
  TTypes,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
> = (parent: TParent, context: TContext, info: GraphQLResolveInfo) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  obj: T,
  context: TContext,
  info: GraphQLResolveInfo,
) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<
  TResult = Record<PropertyKey, never>,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Aggregate: Aggregate;
  AsOf: AsOf;
  BigInt: ResolverTypeWrapper<Scalars['BigInt']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  BuildStage: BuildStage;
  BulkBuildProgress: ResolverTypeWrapper<BulkBuildProgress>;
  ChainProblem: ResolverTypeWrapper<ChainProblem>;
  ChainProblemKind: ChainProblemKind;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EpochMillis: ResolverTypeWrapper<Scalars['EpochMillis']['output']>;
  Event: ResolverTypeWrapper<RecordedEvent>;
  EventConnection: ResolverTypeWrapper<
    Omit<EventConnection, 'edges'> & { edges: Array<ResolversTypes['EventEdge']> }
  >;
  EventEdge: ResolverTypeWrapper<Omit<EventEdge, 'node'> & { node: ResolversTypes['Event'] }>;
  EventFilter: EventFilter;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Me: ResolverTypeWrapper<Me>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  ProducerClient: ResolverTypeWrapper<ProducerClient>;
  Projection: ResolverTypeWrapper<Projection>;
  ProjectionStatus: ProjectionStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Resolution: Resolution;
  Series: ResolverTypeWrapper<Series>;
  SeriesChange: ResolverTypeWrapper<SeriesChange>;
  SeriesPoint: ResolverTypeWrapper<SeriesPoint>;
  SeriesUpdate: ResolverTypeWrapper<SeriesUpdate>;
  Session: ResolverTypeWrapper<Session>;
  Source: ResolverTypeWrapper<SourceModel>;
  SourceChanges: ResolverTypeWrapper<
    Omit<SourceChanges, 'sources'> & { sources: Array<ResolversTypes['Source']> }
  >;
  SourceConnection: ResolverTypeWrapper<
    Omit<SourceConnection, 'edges'> & { edges: Array<ResolversTypes['SourceEdge']> }
  >;
  SourceEdge: ResolverTypeWrapper<Omit<SourceEdge, 'node'> & { node: ResolversTypes['Source'] }>;
  SourceStatus: SourceStatus;
  StreamAsOf: ResolverTypeWrapper<StreamAsOf>;
  StreamVerification: ResolverTypeWrapper<StreamVerification>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TenantUser: ResolverTypeWrapper<TenantUser>;
  TenantVerification: ResolverTypeWrapper<TenantVerification>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AsOf: AsOf;
  BigInt: Scalars['BigInt']['output'];
  Boolean: Scalars['Boolean']['output'];
  BulkBuildProgress: BulkBuildProgress;
  ChainProblem: ChainProblem;
  DateTime: Scalars['DateTime']['output'];
  EpochMillis: Scalars['EpochMillis']['output'];
  Event: RecordedEvent;
  EventConnection: Omit<EventConnection, 'edges'> & { edges: Array<ResolversParentTypes['EventEdge']> };
  EventEdge: Omit<EventEdge, 'node'> & { node: ResolversParentTypes['Event'] };
  EventFilter: EventFilter;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Me: Me;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  ProducerClient: ProducerClient;
  Projection: Projection;
  Query: Record<PropertyKey, never>;
  Series: Series;
  SeriesChange: SeriesChange;
  SeriesPoint: SeriesPoint;
  SeriesUpdate: SeriesUpdate;
  Session: Session;
  Source: SourceModel;
  SourceChanges: Omit<SourceChanges, 'sources'> & { sources: Array<ResolversParentTypes['Source']> };
  SourceConnection: Omit<SourceConnection, 'edges'> & { edges: Array<ResolversParentTypes['SourceEdge']> };
  SourceEdge: Omit<SourceEdge, 'node'> & { node: ResolversParentTypes['Source'] };
  StreamAsOf: StreamAsOf;
  StreamVerification: StreamVerification;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  TenantUser: TenantUser;
  TenantVerification: TenantVerification;
};

export interface BigIntScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['BigInt'], any> {
  name: 'BigInt';
}

export type BulkBuildProgressResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['BulkBuildProgress'] = ResolversParentTypes['BulkBuildProgress'],
> = {
  points?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  pointsBuilt?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  units?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unitsBuilt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ChainProblemResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['ChainProblem'] = ResolversParentTypes['ChainProblem'],
> = {
  eventId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ChainProblemKind'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  position?: Resolver<Maybe<ResolversTypes['BigInt']>, ParentType, ContextType>;
  streamVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface EpochMillisScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['EpochMillis'], any> {
  name: 'EpochMillis';
}

export type EventResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['Event'] = ResolversParentTypes['Event'],
> = {
  actor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  correlationId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  data?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  metadata?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  position?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  producer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  schemaVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  streamId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  streamVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type EventConnectionResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['EventConnection'] = ResolversParentTypes['EventConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['EventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type EventEdgeResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['EventEdge'] = ResolversParentTypes['EventEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MeResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['Me'] = ResolversParentTypes['Me'],
> = {
  clientId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  tenant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation'],
> = {
  cancelRebuild?: Resolver<
    ResolversTypes['Projection'],
    ParentType,
    ContextType,
    RequireFields<MutationCancelRebuildArgs, 'projection'>
  >;
  reauthenticate?: Resolver<
    ResolversTypes['Session'],
    ParentType,
    ContextType,
    RequireFields<MutationReauthenticateArgs, 'token'>
  >;
  startRebuild?: Resolver<
    ResolversTypes['Projection'],
    ParentType,
    ContextType,
    RequireFields<MutationStartRebuildArgs, 'projection'>
  >;
};

export type PageInfoResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo'],
> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ProducerClientResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['ProducerClient'] = ResolversParentTypes['ProducerClient'],
> = {
  clientId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  secretRotations?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ProjectionResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['Projection'] = ResolversParentTypes['Projection'],
> = {
  bulk?: Resolver<Maybe<ResolversTypes['BulkBuildProgress']>, ParentType, ContextType>;
  cancelledBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  eventsApplied?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  generation?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  head?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  lag?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  position?: Resolver<ResolversTypes['BigInt'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  requestedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stage?: Resolver<Maybe<ResolversTypes['BuildStage']>, ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ProjectionStatus'], ParentType, ContextType>;
  switchedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueryResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query'],
> = {
  events?: Resolver<
    ResolversTypes['EventConnection'],
    ParentType,
    ContextType,
    RequireFields<QueryEventsArgs, 'first'>
  >;
  me?: Resolver<ResolversTypes['Me'], ParentType, ContextType>;
  producerClients?: Resolver<Array<ResolversTypes['ProducerClient']>, ParentType, ContextType>;
  projections?: Resolver<Array<ResolversTypes['Projection']>, ParentType, ContextType>;
  series?: Resolver<
    ResolversTypes['Series'],
    ParentType,
    ContextType,
    RequireFields<QuerySeriesArgs, 'aggregate' | 'from' | 'sourceId' | 'to'>
  >;
  seriesAsOf?: Resolver<
    ResolversTypes['Series'],
    ParentType,
    ContextType,
    RequireFields<QuerySeriesAsOfArgs, 'aggregate' | 'asOf' | 'from' | 'resolution' | 'sourceId' | 'to'>
  >;
  source?: Resolver<
    Maybe<ResolversTypes['Source']>,
    ParentType,
    ContextType,
    RequireFields<QuerySourceArgs, 'id'>
  >;
  sources?: Resolver<
    ResolversTypes['SourceConnection'],
    ParentType,
    ContextType,
    RequireFields<QuerySourcesArgs, 'first'>
  >;
  stream?: Resolver<
    ResolversTypes['StreamAsOf'],
    ParentType,
    ContextType,
    RequireFields<QueryStreamArgs, 'id'>
  >;
  users?: Resolver<Array<ResolversTypes['TenantUser']>, ParentType, ContextType>;
  verifyStream?: Resolver<
    ResolversTypes['StreamVerification'],
    ParentType,
    ContextType,
    RequireFields<QueryVerifyStreamArgs, 'id'>
  >;
  verifyTenant?: Resolver<ResolversTypes['TenantVerification'], ParentType, ContextType>;
};

export type SeriesResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['Series'] = ResolversParentTypes['Series'],
> = {
  aggregate?: Resolver<ResolversTypes['Aggregate'], ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['SeriesPoint']>, ParentType, ContextType>;
  resolution?: Resolver<ResolversTypes['Resolution'], ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SeriesChangeResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['SeriesChange'] = ResolversParentTypes['SeriesChange'],
> = {
  points?: Resolver<Array<ResolversTypes['SeriesPoint']>, ParentType, ContextType>;
  resolution?: Resolver<ResolversTypes['Resolution'], ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SeriesPointResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['SeriesPoint'] = ResolversParentTypes['SeriesPoint'],
> = {
  avg?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  first?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  last?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  max?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  t?: Resolver<ResolversTypes['EpochMillis'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SeriesUpdateResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['SeriesUpdate'] = ResolversParentTypes['SeriesUpdate'],
> = {
  changes?: Resolver<Array<ResolversTypes['SeriesChange']>, ParentType, ContextType>;
  gap?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type SessionResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['Session'] = ResolversParentTypes['Session'],
> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SourceResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['Source'] = ResolversParentTypes['Source'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastSeen?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastTs?: Resolver<Maybe<ResolversTypes['EpochMillis']>, ParentType, ContextType>;
  lastValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  registeredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SourceStatus'], ParentType, ContextType>;
  unit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SourceChangesResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['SourceChanges'] = ResolversParentTypes['SourceChanges'],
> = {
  gap?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['Source']>, ParentType, ContextType>;
};

export type SourceConnectionResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['SourceConnection'] = ResolversParentTypes['SourceConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['SourceEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type SourceEdgeResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['SourceEdge'] = ResolversParentTypes['SourceEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
};

export type StreamAsOfResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['StreamAsOf'] = ResolversParentTypes['StreamAsOf'],
> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  position?: Resolver<Maybe<ResolversTypes['BigInt']>, ParentType, ContextType>;
  recordedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type StreamVerificationResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['StreamVerification'] = ResolversParentTypes['StreamVerification'],
> = {
  intact?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  problem?: Resolver<Maybe<ResolversTypes['ChainProblem']>, ParentType, ContextType>;
  streamId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription'],
> = {
  projectionProgress?: SubscriptionResolver<
    Array<ResolversTypes['Projection']>,
    'projectionProgress',
    ParentType,
    ContextType
  >;
  seriesUpdated?: SubscriptionResolver<
    ResolversTypes['SeriesUpdate'],
    'seriesUpdated',
    ParentType,
    ContextType,
    RequireFields<SubscriptionSeriesUpdatedArgs, 'aggregate' | 'resolution' | 'sourceIds'>
  >;
  sourceChanged?: SubscriptionResolver<
    ResolversTypes['SourceChanges'],
    'sourceChanged',
    ParentType,
    ContextType,
    Partial<SubscriptionSourceChangedArgs>
  >;
};

export type TenantUserResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['TenantUser'] = ResolversParentTypes['TenantUser'],
> = {
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  subject?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  username?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type TenantVerificationResolvers<
  ContextType = QueryContext,
  ParentType extends ResolversParentTypes['TenantVerification'] = ResolversParentTypes['TenantVerification'],
> = {
  broken?: Resolver<Array<ResolversTypes['StreamVerification']>, ParentType, ContextType>;
  events?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  intact?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  streams?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = QueryContext> = {
  BigInt?: GraphQLScalarType;
  BulkBuildProgress?: BulkBuildProgressResolvers<ContextType>;
  ChainProblem?: ChainProblemResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  EpochMillis?: GraphQLScalarType;
  Event?: EventResolvers<ContextType>;
  EventConnection?: EventConnectionResolvers<ContextType>;
  EventEdge?: EventEdgeResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Me?: MeResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  ProducerClient?: ProducerClientResolvers<ContextType>;
  Projection?: ProjectionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Series?: SeriesResolvers<ContextType>;
  SeriesChange?: SeriesChangeResolvers<ContextType>;
  SeriesPoint?: SeriesPointResolvers<ContextType>;
  SeriesUpdate?: SeriesUpdateResolvers<ContextType>;
  Session?: SessionResolvers<ContextType>;
  Source?: SourceResolvers<ContextType>;
  SourceChanges?: SourceChangesResolvers<ContextType>;
  SourceConnection?: SourceConnectionResolvers<ContextType>;
  SourceEdge?: SourceEdgeResolvers<ContextType>;
  StreamAsOf?: StreamAsOfResolvers<ContextType>;
  StreamVerification?: StreamVerificationResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TenantUser?: TenantUserResolvers<ContextType>;
  TenantVerification?: TenantVerificationResolvers<ContextType>;
};
