// Events: envelopes, versioned event types and the registry that upcasts them.
export type { EventEnvelope, EventMetadata } from './events/envelope.js';
export type { Event } from './events/event.js';
export { defineEventType } from './events/event-type.js';
export type { EventType, EventTypeDefinition, Upcaster } from './events/event-type.js';
export { createEventRegistry } from './events/event-registry.js';
export type { EnvelopeOf, EnvelopeReadHook, EventOf, EventRegistry } from './events/event-registry.js';
export {
  EventRegistryError,
  InvalidEventRegistry,
  UnknownEventType,
  UnsupportedSchemaVersion,
} from './events/event-registry-error.js';
export { domainEvents, upcastDomainEvent } from './domain-events.js';
export type { DomainEvent } from './domain-events.js';

// Decider kit.
export type { Command, CommandClock } from './decider/command.js';
export type { Decider } from './decider/decider.js';
export { assertNever } from './decider/assert-never.js';
export { ConflictError, DomainError, NotFoundError, ValidationError } from './decider/domain-error.js';
export { DeciderSpecification } from './decider/decider-specification.js';
export type { DeciderThen } from './decider/decider-specification.js';

// Tenant: its lifecycle, its producers and users (its Keycloak realm's identities), and the realm's provisioning.
export { RESERVED_TENANT_IDS, TENANT_ID_PATTERN, isValidTenantId } from './tenant/tenant-id.js';
export { TENANT_ROLES, isTenantRole } from './tenant/tenant-role.js';
export type { TenantRole } from './tenant/tenant-role.js';
export {
  PRODUCER_CLIENT_ID_PATTERN,
  RESERVED_PRODUCER_CLIENT_IDS,
  isValidProducerClientId,
} from './tenant/producer-client-id.js';
export {
  SECRET_RECIPIENT_KEY_MAX_BITS,
  SECRET_RECIPIENT_KEY_MIN_BITS,
  requireSecretRecipientKey,
} from './tenant/secret-recipient-key.js';
export type { SecretRecipientKey } from './tenant/secret-recipient-key.js';
export {
  SERVICE_ACCOUNT_USERNAME_PREFIX,
  USERNAME_PATTERN,
  isValidUsername,
} from './tenant/tenant-username.js';
export { EMAIL_MAX_LENGTH, EMAIL_PATTERN, isValidEmail, normalizeEmail } from './tenant/email-address.js';
export type {
  ReactivateTenant,
  RegisterTenant,
  SuspendTenant,
  TenantCommand,
} from './tenant/tenant-commands.js';
export type {
  GrantRole,
  InviteUser,
  RegisterProducerClient,
  RevokeRole,
  RotateProducerSecret,
  TenantIdentityCommand,
} from './tenant/tenant-identity-commands.js';
export type {
  RecordProducerSecretIssued,
  RecordRealmProvisioned,
  RecordRealmProvisioningFailed,
  RecordRealmUpdated,
  RecordUserProvisioned,
  TenantRealmCommand,
} from './tenant/tenant-realm-commands.js';
export { tenantEventTypes } from './tenant/tenant-events.js';
export type {
  TenantEvent,
  TenantReactivated,
  TenantRegistered,
  TenantSuspended,
} from './tenant/tenant-events.js';
export type {
  ProducerClientRegistered,
  ProducerSecretRotationRequested,
  ProducerSecretRotationRequestedV1Data,
  RoleGranted,
  RoleRevoked,
  TenantIdentityEvent,
  UserInvited,
} from './tenant/tenant-identity-events.js';
export type {
  ProducerSecretIssued,
  RealmProvisioned,
  RealmProvisioningFailed,
  RealmUpdated,
  TenantRealmEvent,
  UserProvisioned,
} from './tenant/tenant-realm-events.js';
export { evolveTenant, initialTenantState } from './tenant/tenant-state.js';
export type { RegisteredTenant, TenantState } from './tenant/tenant-state.js';
export type { RealmProvisioning, TenantIdentity, TenantUser } from './tenant/tenant-identity-state.js';
export {
  TENANT_DISPLAY_NAME_MAX_LENGTH,
  TENANT_SUSPENSION_REASON_MAX_LENGTH,
  decideTenant,
  tenantDecider,
} from './tenant/tenant-decider.js';
export {
  REALM_CHANGE_MAX_LENGTH,
  REALM_FAILURE_REASON_MAX_LENGTH,
  REALM_VERSION_MAX_LENGTH,
  SEALED_SECRET_MAX_LENGTH,
  USER_SUBJECT_MAX_LENGTH,
} from './tenant/tenant-realm-decider.js';

// Source.
export { SOURCE_ID_PATTERN, isValidSourceId } from './source/source-id.js';
export { measurementsStreamId, sourceStreamId } from './source/source-streams.js';
export type {
  RegisterSource,
  RenameSource,
  RetireSource,
  SourceCommand,
  TransferSourceOwnership,
} from './source/source-commands.js';
export { sourceEventTypes } from './source/source-events.js';
export type {
  SourceEvent,
  SourceOwnershipTransferred,
  SourceRegistered,
  SourceRegisteredV1Data,
  SourceRenamed,
  SourceRetired,
} from './source/source-events.js';
export { evolveSource, initialSourceState } from './source/source-state.js';
export type { RegisteredSource, SourceState } from './source/source-state.js';
export {
  SOURCE_NAME_MAX_LENGTH,
  SOURCE_OWNER_SUBJECT_MAX_LENGTH,
  SOURCE_UNIT_MAX_LENGTH,
  decideSource,
  sourceDecider,
} from './source/source-decider.js';

// Measurements.
export type {
  CorrectMeasurements,
  MeasurementPointInput,
  MeasurementsCommand,
  RecordMeasurements,
} from './measurements/measurement-commands.js';
export { measurementsEventTypes } from './measurements/measurement-events.js';
export type {
  MeasurementPoint,
  MeasurementsCorrected,
  MeasurementsEvent,
  MeasurementsRecorded,
} from './measurements/measurement-events.js';
export { DEFAULT_MEASUREMENT_LIMITS, resolveMeasurementLimits } from './measurements/measurement-limits.js';
export type { MeasurementLimits } from './measurements/measurement-limits.js';
export { parseMeasurementTimestamp } from './measurements/measurement-timestamp.js';
export { InvalidMeasurementPoint } from './measurements/invalid-measurement-point.js';
export {
  CORRECTION_REASON_MAX_LENGTH,
  createMeasurementsDecider,
  measurementsDecider,
} from './measurements/measurements-decider.js';
export type { MeasurementsDeciderEvent } from './measurements/measurements-decider.js';
export { foldStream, streamKindOf } from './streams/stream-state.js';
export type { MeasurementsSummary, StreamState } from './streams/stream-state.js';
