import { describe, expect, it } from 'vitest';
import { AccessDenied, requireAccess } from './require-access.js';

const caller = { tenant: 'acme', subject: 'u1', roles: ['viewer'], clientId: 'chronicle-ui' };

describe('requireAccess', () => {
  it('lets a caller at a resource of their tenant with one of the roles it takes', () => {
    expect(() => requireAccess(caller, { tenant: 'acme' })).not.toThrow();
    expect(() =>
      requireAccess(caller, { tenant: 'acme', anyRole: ['tenant-admin', 'viewer'] }),
    ).not.toThrow();
  });

  it("refuses another tenant's resource whatever the roles", () => {
    const error = (() => {
      try {
        requireAccess({ ...caller, roles: ['tenant-admin'] }, { tenant: 'globex' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AccessDenied);
    expect(error).toMatchObject({ reason: 'other_tenant' });
  });

  it('refuses a caller without any of the roles', () => {
    expect(() => requireAccess(caller, { tenant: 'acme', anyRole: ['producer'] })).toThrow(
      expect.objectContaining({ reason: 'missing_role' }),
    );
  });
});
