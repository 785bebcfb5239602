import { describe, it } from 'vitest';
import { DeciderSpecification } from '../decider/decider-specification.js';
import { ConflictError, NotFoundError, ValidationError } from '../decider/domain-error.js';
import type { TenantCommand } from './tenant-commands.js';
import { tenantDecider } from './tenant-decider.js';
import type { TenantReactivated, TenantRegistered, TenantSuspended } from './tenant-events.js';
import type { RoleGranted, RoleRevoked, UserInvited } from './tenant-identity-events.js';
import type { TenantRole } from './tenant-role.js';

// The Tenant decider's rules for people: invitations and roles (tenant-identity-decider).

const spec = DeciderSpecification.for(tenantDecider);

const registered: TenantRegistered = {
  type: 'TenantRegistered',
  data: { tenantId: 'acme', displayName: 'Acme Corp' },
};
const suspended: TenantSuspended = { type: 'TenantSuspended', data: { tenantId: 'acme', reason: 'unpaid' } };
const reactivated: TenantReactivated = { type: 'TenantReactivated', data: { tenantId: 'acme' } };

const invite = (username = 'alice', email = 'alice@example.com'): TenantCommand => ({
  type: 'InviteUser',
  data: { username, email },
});
const grant = (role: string, username = 'alice'): TenantCommand => ({
  type: 'GrantRole',
  data: { username, role },
});
const revoke = (role: string, username = 'alice'): TenantCommand => ({
  type: 'RevokeRole',
  data: { username, role },
});

const invited = (username = 'alice', email = 'alice@example.com'): UserInvited => ({
  type: 'UserInvited',
  data: { tenantId: 'acme', username, email },
});
const granted = (role: TenantRole, username = 'alice'): RoleGranted => ({
  type: 'RoleGranted',
  data: { tenantId: 'acme', username, role },
});
const revoked = (role: TenantRole, username = 'alice'): RoleRevoked => ({
  type: 'RoleRevoked',
  data: { tenantId: 'acme', username, role },
});

describe('InviteUser', () => {
  it('invites a user', () => {
    spec.given([registered]).when(invite()).then([invited()]);
  });

  it.each(['al', 'alice.smith', 'bob_2', 'x-y', '0a', 'a'.repeat(63)])('accepts username %j', (username) => {
    spec
      .given([registered])
      .when(invite(username))
      .then([invited(username)]);
  });

  it.each(['a', 'Alice', '.alice', '-alice', '_alice', 'ali ce', 'alice@x', 'a'.repeat(64), ''])(
    'rejects username %j',
    (username) => {
      spec
        .given([registered])
        .when(invite(username))
        .thenThrows(ValidationError, { code: 'USERNAME_INVALID', field: 'username' });
    },
  );

  it('rejects the usernames Keycloak gives service accounts', () => {
    spec
      .given([registered])
      .when(invite('service-account-acme-meter-1'))
      .thenThrows(ValidationError, { code: 'USERNAME_RESERVED', field: 'username' });
  });

  it('accepts an email of 254 characters', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    spec
      .given([registered])
      .when(invite('alice', email))
      .then([invited('alice', email)]);
  });

  it.each(["o'brien+chronicle@mail.example.co.uk", 'a@b.cd', 'x_y-z@xn--bcher-kva.example'])(
    'accepts email %j',
    (email) => {
      spec
        .given([registered])
        .when(invite('alice', email))
        .then([invited('alice', email)]);
    },
  );

  it('stores the email trimmed and lowercased, as Keycloak does', () => {
    spec.given([registered]).when(invite('alice', ' Alice@Example.COM ')).then([invited()]);
  });

  it.each([
    'alice',
    'alice@',
    '@example.com',
    'alice@example',
    'alice@@example.com',
    'ali ce@example.com',
    'alice@exa mple.com',
    'alice@-example.com',
    'alice@example.c',
    '.alice@example.com',
    'alice..smith@example.com',
    `${'a'.repeat(65)}@example.com`,
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`,
    42 as unknown as string,
  ])('rejects email %j', (email) => {
    spec
      .given([registered])
      .when(invite('alice', email))
      .thenThrows(ValidationError, { code: 'EMAIL_INVALID', field: 'email' });
  });

  it('rejects inviting the same username twice', () => {
    spec
      .given([registered, invited()])
      .when(invite('alice', 'alice@elsewhere.org'))
      .thenThrows(ConflictError, {
        code: 'USER_ALREADY_INVITED',
        message: 'User "alice" is already invited to tenant "acme"',
      });
  });

  it('rejects an email another user already has (Keycloak would refuse it)', () => {
    spec
      .given([registered, invited()])
      .when(invite('alice2', 'ALICE@example.com'))
      .thenThrows(ConflictError, {
        code: 'USER_EMAIL_TAKEN',
        message: 'Email "alice@example.com" already belongs to user "alice" in tenant "acme"',
      });
  });
});

describe('GrantRole and RevokeRole', () => {
  it.each(['producer', 'viewer', 'tenant-admin', 'auditor'] as const)('grants and revokes %s', (role) => {
    spec
      .given([registered, invited()])
      .when(grant(role))
      .then([granted(role)]);
    spec
      .given([registered, invited(), granted(role)])
      .when(revoke(role))
      .then([revoked(role)]);
  });

  it('grants a role again after it was revoked', () => {
    spec
      .given([registered, invited(), granted('viewer'), revoked('viewer')])
      .when(grant('viewer'))
      .then([granted('viewer')]);
  });

  it('rejects granting a role the user already has', () => {
    spec
      .given([registered, invited(), granted('viewer'), granted('auditor')])
      .when(grant('viewer'))
      .thenThrows(ConflictError, {
        code: 'ROLE_ALREADY_GRANTED',
        message: 'User "alice" already has role "viewer"',
      });
  });

  it('rejects revoking a role the user does not have', () => {
    spec
      .given([registered, invited(), granted('auditor')])
      .when(revoke('viewer'))
      .thenThrows(ConflictError, {
        code: 'ROLE_NOT_GRANTED',
        message: 'User "alice" does not have role "viewer"',
      });
    spec
      .given([registered, invited(), granted('viewer'), revoked('viewer')])
      .when(revoke('viewer'))
      .thenThrows(ConflictError, { code: 'ROLE_NOT_GRANTED' });
  });

  it('keeps the roles of each user apart', () => {
    spec
      .given([registered, invited(), invited('bob', 'bob@example.com'), granted('viewer')])
      .when(grant('viewer', 'bob'))
      .then([granted('viewer', 'bob')]);
  });

  it.each([grant, revoke])('rejects an unknown user (%#)', (command) => {
    spec
      .given([registered, invited()])
      .when(command('viewer', 'bob'))
      .thenThrows(NotFoundError, { code: 'USER_NOT_FOUND', message: 'Tenant "acme" has no user "bob"' });
  });

  it.each(['admin', 'Viewer', 'master', '', 7 as unknown as string])('rejects role %j', (role) => {
    spec
      .given([registered, invited()])
      .when(grant(role))
      .thenThrows(ValidationError, {
        code: 'TENANT_ROLE_INVALID',
        field: 'role',
        message: `Role ${JSON.stringify(role)} is not a tenant role: use one of producer, viewer, tenant-admin, auditor`,
      });
    spec
      .given([registered, invited()])
      .when(revoke(role))
      .thenThrows(ValidationError, { code: 'TENANT_ROLE_INVALID' });
  });

  it('rejects an invalid username', () => {
    spec
      .given([registered])
      .when(grant('viewer', 'Alice'))
      .thenThrows(ValidationError, { code: 'USERNAME_INVALID', field: 'username' });
  });
});

describe('suspended tenant', () => {
  it.each([invite('bob', 'bob@example.com'), grant('viewer'), revoke('auditor')])('rejects %j', (command) => {
    spec
      .given([registered, invited(), granted('auditor'), suspended])
      .when(command)
      .thenThrows(ConflictError, {
        code: 'TENANT_SUSPENDED',
        message:
          'Tenant "acme" is suspended (unpaid): its producers and users cannot change until it is reactivated',
      });
  });

  it('accepts them again once reactivated', () => {
    spec
      .given([registered, invited(), suspended, reactivated])
      .when(grant('viewer'))
      .then([granted('viewer')]);
  });
});

describe('unregistered tenant', () => {
  it.each([invite('bob', 'bob@example.com'), grant('viewer'), revoke('auditor')])('rejects %j', (command) => {
    spec
      .given([])
      .when(command)
      .thenThrows(NotFoundError, { code: 'TENANT_NOT_REGISTERED', message: 'Tenant is not registered' });
  });
});
