import type { VerifiedToken } from './token-verifier.js';

/** A verified caller asked for what is not theirs: another tenant's resource, or a role they lack. */
export class AccessDenied extends Error {
  constructor(
    readonly reason: 'other_tenant' | 'missing_role',
    message: string,
  ) {
    super(message);
    this.name = 'AccessDenied';
  }
}

/**
 * The check every API makes before touching a resource: it belongs to the caller's tenant (taken from the
 * token's issuer, never from the request), and the caller has one of the roles it takes, if any.
 */
export function requireAccess(
  caller: VerifiedToken,
  resource: { tenant: string; anyRole?: readonly string[] },
): void {
  if (caller.tenant !== resource.tenant) {
    throw new AccessDenied('other_tenant', 'the resource is not in the tenant of the token');
  }
  if (resource.anyRole && !resource.anyRole.some((role) => caller.roles.includes(role))) {
    throw new AccessDenied('missing_role', `one of the roles ${resource.anyRole.join(', ')} is needed`);
  }
}
