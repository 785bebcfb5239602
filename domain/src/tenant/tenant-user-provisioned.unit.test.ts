import { describe, it } from 'vitest';
import { DeciderSpecification } from '../decider/decider-specification.js';
import { NotFoundError, ValidationError } from '../decider/domain-error.js';
import type { TenantCommand } from './tenant-commands.js';
import { tenantDecider } from './tenant-decider.js';
import type { TenantRegistered, TenantSuspended } from './tenant-events.js';
import type { RoleGranted, UserInvited } from './tenant-identity-events.js';
import type { UserProvisioned } from './tenant-realm-events.js';

// The reconciler's record of the Keycloak user behind a username (tenant-realm-decider).

const spec = DeciderSpecification.for(tenantDecider);

const registered: TenantRegistered = {
  type: 'TenantRegistered',
  data: { tenantId: 'acme', displayName: 'Acme Corp' },
};
const suspended: TenantSuspended = { type: 'TenantSuspended', data: { tenantId: 'acme', reason: 'unpaid' } };
const invited: UserInvited = {
  type: 'UserInvited',
  data: { tenantId: 'acme', username: 'alice', email: 'alice@example.com' },
};
const granted: RoleGranted = {
  type: 'RoleGranted',
  data: { tenantId: 'acme', username: 'alice', role: 'viewer' },
};

const SUBJECT = '5d1c9a4e-8f2b-4b7a-9c1e-3a2f6b8d0e47';
const record = (subject: unknown = SUBJECT, username: unknown = 'alice'): TenantCommand =>
  ({ type: 'RecordUserProvisioned', data: { username, subject } }) as TenantCommand;
const provisioned = (subject = SUBJECT): UserProvisioned => ({
  type: 'UserProvisioned',
  data: { tenantId: 'acme', username: 'alice', subject },
});

describe('RecordUserProvisioned', () => {
  it("records an invited user's subject", () => {
    spec.given([registered, invited]).when(record()).then([provisioned()]);
    spec.given([registered, invited, granted]).when(record()).then([provisioned()]);
  });

  it('records it for a suspended tenant too: its realm is still reconciled', () => {
    spec.given([registered, invited, suspended]).when(record()).then([provisioned()]);
  });

  it('records nothing when the same subject is already recorded (a replay)', () => {
    spec.given([registered, invited, provisioned()]).when(record()).then([]);
    spec.given([registered, invited, provisioned(), granted]).when(record()).then([]);
  });

  it('records a new subject when Keycloak has a new user of that name', () => {
    spec
      .given([registered, invited, provisioned()])
      .when(record('kc-alice-2'))
      .then([provisioned('kc-alice-2')]);
  });

  it('refuses a user the tenant never invited, and a tenant never registered', () => {
    spec.given([registered]).when(record()).thenThrows(NotFoundError, { code: 'USER_NOT_FOUND' });
    spec.given([]).when(record()).thenThrows(NotFoundError, { code: 'TENANT_NOT_REGISTERED' });
  });

  it.each(['', 'with space', 'x'.repeat(256), 42, null])('rejects subject %j', (subject) => {
    spec
      .given([registered, invited])
      .when(record(subject))
      .thenThrows(ValidationError, { code: 'USER_SUBJECT_INVALID', field: 'subject' });
  });

  it('rejects an invalid username', () => {
    spec
      .given([registered, invited])
      .when(record(SUBJECT, 'Alice'))
      .thenThrows(ValidationError, { code: 'USERNAME_INVALID', field: 'username' });
  });
});
