import { assertNever } from '../decider/assert-never.js';
import { ConflictError, NotFoundError, ValidationError } from '../decider/domain-error.js';
import { EMAIL_MAX_LENGTH, isValidEmail, normalizeEmail } from './email-address.js';
import { RESERVED_PRODUCER_CLIENT_IDS, requireProducerClientId } from './producer-client-id.js';
import { requireActiveTenant } from './require-active-tenant.js';
import { requireSecretRecipientKey } from './secret-recipient-key.js';
import type {
  GrantRole,
  InviteUser,
  RegisterProducerClient,
  RevokeRole,
  RotateProducerSecret,
  TenantIdentityCommand,
} from './tenant-identity-commands.js';
import type {
  ProducerClientRegistered,
  ProducerSecretRotationRequested,
  RoleGranted,
  RoleRevoked,
  TenantIdentityEvent,
  UserInvited,
} from './tenant-identity-events.js';
import type { TenantUser } from './tenant-identity-state.js';
import { TENANT_ROLES, isTenantRole } from './tenant-role.js';
import type { TenantRole } from './tenant-role.js';
import type { RegisteredTenant, TenantState } from './tenant-state.js';
import { SERVICE_ACCOUNT_USERNAME_PREFIX, isValidUsername } from './tenant-username.js';

/**
 * The tenant's producers and users: the part of the Tenant decider that the realm reconciler applies to
 * Keycloak. Everything here needs an active tenant; the command is checked first, then the tenant, then
 * the client or user it names.
 */
export function decideTenantIdentity(
  command: TenantIdentityCommand,
  state: TenantState,
): TenantIdentityEvent[] {
  switch (command.type) {
    case 'RegisterProducerClient':
      return [registerProducerClient(command, state)];
    case 'RotateProducerSecret':
      return [rotateProducerSecret(command, state)];
    case 'InviteUser':
      return [inviteUser(command, state)];
    case 'GrantRole':
      return [grantRole(command, state)];
    case 'RevokeRole':
      return [revokeRole(command, state)];
    default:
      return assertNever(command, 'tenant identity command');
  }
}

function registerProducerClient(
  { data }: RegisterProducerClient,
  state: TenantState,
): ProducerClientRegistered {
  const clientId = requireProducerClientId(data.clientId);
  if (RESERVED_PRODUCER_CLIENT_IDS.has(clientId)) {
    throw new ValidationError(
      'PRODUCER_CLIENT_ID_RESERVED',
      `Producer client id "${clientId}" is reserved: every tenant realm already has a client of that name`,
      'clientId',
    );
  }
  const { tenantId, producerClients } = requireActiveTenant(state);
  if (producerClients.has(clientId)) {
    throw new ConflictError(
      'PRODUCER_CLIENT_ALREADY_REGISTERED',
      `Producer client "${clientId}" is already registered in tenant "${tenantId}"`,
    );
  }
  return { type: 'ProducerClientRegistered', data: { tenantId, clientId } };
}

function rotateProducerSecret(
  { data }: RotateProducerSecret,
  state: TenantState,
): ProducerSecretRotationRequested {
  const clientId = requireProducerClientId(data.clientId);
  const publicKey = requireSecretRecipientKey(data.publicKey);
  const { tenantId, producerClients } = requireActiveTenant(state);
  const rotations = producerClients.get(clientId);
  if (rotations === undefined) {
    throw new NotFoundError(
      'PRODUCER_CLIENT_NOT_FOUND',
      `Tenant "${tenantId}" has no producer client "${clientId}"`,
    );
  }
  return {
    type: 'ProducerSecretRotationRequested',
    data: { tenantId, clientId, rotation: rotations + 1, publicKey },
  };
}

function inviteUser({ data }: InviteUser, state: TenantState): UserInvited {
  const username = requireUsername(data.username);
  if (username.startsWith(SERVICE_ACCOUNT_USERNAME_PREFIX)) {
    throw new ValidationError(
      'USERNAME_RESERVED',
      `Username "${username}" is reserved: Keycloak names client service accounts ` +
        `"${SERVICE_ACCOUNT_USERNAME_PREFIX}<client id>"`,
      'username',
    );
  }
  const email = requireEmail(data.email);
  const { tenantId, users } = requireActiveTenant(state);
  if (users.has(username)) {
    throw new ConflictError(
      'USER_ALREADY_INVITED',
      `User "${username}" is already invited to tenant "${tenantId}"`,
    );
  }
  for (const [holder, user] of users) {
    if (user.email === email) {
      throw new ConflictError(
        'USER_EMAIL_TAKEN',
        `Email "${email}" already belongs to user "${holder}" in tenant "${tenantId}"`,
      );
    }
  }
  return { type: 'UserInvited', data: { tenantId, username, email } };
}

function grantRole({ data }: GrantRole, state: TenantState): RoleGranted {
  const { tenantId, username, role, user } = requireRoleChange(data, state);
  if (user.roles.has(role)) {
    throw new ConflictError('ROLE_ALREADY_GRANTED', `User "${username}" already has role "${role}"`);
  }
  return { type: 'RoleGranted', data: { tenantId, username, role } };
}

function revokeRole({ data }: RevokeRole, state: TenantState): RoleRevoked {
  const { tenantId, username, role, user } = requireRoleChange(data, state);
  if (!user.roles.has(role)) {
    throw new ConflictError('ROLE_NOT_GRANTED', `User "${username}" does not have role "${role}"`);
  }
  return { type: 'RoleRevoked', data: { tenantId, username, role } };
}

function requireRoleChange(
  data: { username: unknown; role: unknown },
  state: TenantState,
): { tenantId: string; username: string; role: TenantRole; user: TenantUser } {
  const username = requireUsername(data.username);
  const role = requireTenantRole(data.role);
  const { tenantId, users } = requireActiveTenant(state);
  const user = requireUser(users, username, tenantId);
  return { tenantId, username, role, user };
}

function requireUser(users: RegisteredTenant['users'], username: string, tenantId: string): TenantUser {
  const user = users.get(username);
  if (user === undefined) {
    throw new NotFoundError('USER_NOT_FOUND', `Tenant "${tenantId}" has no user "${username}"`);
  }
  return user;
}

function requireUsername(username: unknown): string {
  if (isValidUsername(username)) return username;
  throw new ValidationError(
    'USERNAME_INVALID',
    `Username ${JSON.stringify(username)} is invalid: use 2-63 lowercase letters, digits and "._-", ` +
      'starting with a letter or digit',
    'username',
  );
}

function requireEmail(value: unknown): string {
  const email = typeof value === 'string' ? normalizeEmail(value) : value;
  if (isValidEmail(email)) return email;
  throw new ValidationError(
    'EMAIL_INVALID',
    `Email ${JSON.stringify(value)} is invalid: expected an address like name@example.com, ` +
      `at most ${EMAIL_MAX_LENGTH} characters`,
    'email',
  );
}

function requireTenantRole(role: unknown): TenantRole {
  if (isTenantRole(role)) return role;
  throw new ValidationError(
    'TENANT_ROLE_INVALID',
    `Role ${JSON.stringify(role)} is not a tenant role: use one of ${TENANT_ROLES.join(', ')}`,
    'role',
  );
}
