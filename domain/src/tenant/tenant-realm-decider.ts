import { assertNever } from '../decider/assert-never.js';
import { ConflictError, NotFoundError, ValidationError } from '../decider/domain-error.js';
import { requireText } from '../validation/require-text.js';
import { requireProducerClientId } from './producer-client-id.js';
import { requireRegisteredTenant } from './require-active-tenant.js';
import { SECRET_RECIPIENT_KEY_MAX_BITS } from './secret-recipient-key.js';
import type {
  RecordProducerSecretIssued,
  RecordRealmProvisioned,
  RecordRealmProvisioningFailed,
  RecordRealmUpdated,
  RecordUserProvisioned,
  TenantRealmCommand,
} from './tenant-realm-commands.js';
import type {
  ProducerSecretIssued,
  RealmProvisioned,
  RealmProvisioningFailed,
  RealmUpdated,
  TenantRealmEvent,
  UserProvisioned,
} from './tenant-realm-events.js';
import type { TenantState } from './tenant-state.js';
import { isValidUsername } from './tenant-username.js';

export const REALM_VERSION_MAX_LENGTH = 100;
/** Room for a Keycloak error with its response body, which the reconciler quotes. */
export const REALM_FAILURE_REASON_MAX_LENGTH = 1000;
/** Room for the several changes one event may cause, listed in one description. */
export const REALM_CHANGE_MAX_LENGTH = 1000;
/** RSA-OAEP ciphertext is as long as the modulus: base64url of the largest recipient key's. */
export const SEALED_SECRET_MAX_LENGTH = Math.ceil((SECRET_RECIPIENT_KEY_MAX_BITS / 8 / 3) * 4);
/** Keycloak user ids are UUIDs; as long as a source owner may be (SOURCE_OWNER_SUBJECT_MAX_LENGTH). */
export const USER_SUBJECT_MAX_LENGTH = 255;

/**
 * What the realm reconciler records about the tenant's Keycloak realm. These are reports of what already
 * happened, so they are accepted whatever the tenant's status (a suspended tenant's realm is still
 * reconciled, to disable it) and never rejected as no-ops: recording the same outcome twice is allowed.
 * The exceptions: a rotation's secret is issued at most once, and never after a later rotation's, since by
 * then it no longer works; and a user's subject is recorded once (a replay that finds it again records
 * nothing).
 */
export function decideTenantRealm(command: TenantRealmCommand, state: TenantState): TenantRealmEvent[] {
  switch (command.type) {
    case 'RecordRealmProvisioned':
      return [recordRealmProvisioned(command, state)];
    case 'RecordRealmProvisioningFailed':
      return [recordRealmProvisioningFailed(command, state)];
    case 'RecordRealmUpdated':
      return [recordRealmUpdated(command, state)];
    case 'RecordProducerSecretIssued':
      return [recordProducerSecretIssued(command, state)];
    case 'RecordUserProvisioned':
      return recordUserProvisioned(command, state);
    default:
      return assertNever(command, 'tenant realm command');
  }
}

function recordRealmProvisioned({ data }: RecordRealmProvisioned, state: TenantState): RealmProvisioned {
  const realmVersion =
    data.realmVersion === undefined
      ? undefined
      : requireText(data.realmVersion, {
          field: 'realmVersion',
          maxLength: REALM_VERSION_MAX_LENGTH,
          code: 'REALM_VERSION_INVALID',
        });
  const { tenantId } = requireRegisteredTenant(state);
  return {
    type: 'RealmProvisioned',
    data: realmVersion === undefined ? { tenantId } : { tenantId, realmVersion },
  };
}

function recordRealmProvisioningFailed(
  { data }: RecordRealmProvisioningFailed,
  state: TenantState,
): RealmProvisioningFailed {
  const reason = requireText(data.reason, {
    field: 'reason',
    maxLength: REALM_FAILURE_REASON_MAX_LENGTH,
    code: 'REALM_FAILURE_REASON_INVALID',
  });
  const { retryable } = data;
  if (typeof retryable !== 'boolean') {
    throw new ValidationError(
      'REALM_FAILURE_RETRYABLE_INVALID',
      `retryable must be a boolean, got ${typeof retryable}`,
      'retryable',
    );
  }
  const { tenantId } = requireRegisteredTenant(state);
  return { type: 'RealmProvisioningFailed', data: { tenantId, reason, retryable } };
}

function recordRealmUpdated({ data }: RecordRealmUpdated, state: TenantState): RealmUpdated {
  const change = requireText(data.change, {
    field: 'change',
    maxLength: REALM_CHANGE_MAX_LENGTH,
    code: 'REALM_CHANGE_INVALID',
  });
  const { tenantId } = requireRegisteredTenant(state);
  return { type: 'RealmUpdated', data: { tenantId, change } };
}

function recordProducerSecretIssued(
  { data }: RecordProducerSecretIssued,
  state: TenantState,
): ProducerSecretIssued {
  const clientId = requireProducerClientId(data.clientId);
  const { rotation, sealedSecret } = data;
  if (!Number.isSafeInteger(rotation) || rotation < 1) {
    throw new ValidationError(
      'SECRET_ROTATION_INVALID',
      `rotation must be a positive integer, got ${JSON.stringify(rotation)}`,
      'rotation',
    );
  }
  if (
    typeof sealedSecret !== 'string' ||
    sealedSecret.length === 0 ||
    sealedSecret.length > SEALED_SECRET_MAX_LENGTH ||
    !/^[A-Za-z0-9_-]+$/.test(sealedSecret)
  ) {
    throw new ValidationError(
      'SEALED_SECRET_INVALID',
      `sealedSecret must be base64url ciphertext of at most ${SEALED_SECRET_MAX_LENGTH} characters`,
      'sealedSecret',
    );
  }
  const { tenantId, producerClients, secretsIssued } = requireRegisteredTenant(state);
  const requested = producerClients.get(clientId);
  if (requested === undefined) {
    throw new NotFoundError(
      'PRODUCER_CLIENT_NOT_FOUND',
      `Tenant "${tenantId}" has no producer client "${clientId}"`,
    );
  }
  if (rotation > requested) {
    throw new NotFoundError(
      'SECRET_ROTATION_NOT_FOUND',
      `Producer client "${clientId}" has no rotation ${rotation} (${requested} requested)`,
    );
  }
  const issued = secretsIssued.get(clientId) ?? 0;
  if (rotation <= issued) {
    throw new ConflictError(
      rotation === issued ? 'PRODUCER_SECRET_ALREADY_ISSUED' : 'SECRET_ROTATION_SUPERSEDED',
      rotation === issued
        ? `The secret of rotation ${rotation} of "${clientId}" was already issued`
        : `Rotation ${rotation} of "${clientId}" was superseded: the secret of rotation ${issued} was issued`,
    );
  }
  return { type: 'ProducerSecretIssued', data: { tenantId, clientId, rotation, sealedSecret } };
}

function recordUserProvisioned({ data }: RecordUserProvisioned, state: TenantState): UserProvisioned[] {
  const { username, subject } = data;
  if (!isValidUsername(username)) {
    throw new ValidationError(
      'USERNAME_INVALID',
      `Username ${JSON.stringify(username)} is invalid`,
      'username',
    );
  }
  if (
    typeof subject !== 'string' ||
    !/^[\x21-\x7e]+$/.test(subject) ||
    subject.length > USER_SUBJECT_MAX_LENGTH
  ) {
    throw new ValidationError(
      'USER_SUBJECT_INVALID',
      `subject must be 1-${USER_SUBJECT_MAX_LENGTH} printable ASCII characters without spaces`,
      'subject',
    );
  }
  const { tenantId, users } = requireRegisteredTenant(state);
  const user = users.get(username);
  if (user === undefined) {
    throw new NotFoundError('USER_NOT_FOUND', `Tenant "${tenantId}" has no user "${username}"`);
  }
  if (user.subject === subject) return [];
  return [{ type: 'UserProvisioned', data: { tenantId, username, subject } }];
}
