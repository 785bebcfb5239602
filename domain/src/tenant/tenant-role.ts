/** The realm roles of every tenant realm: what a user (or a producer client) may do within the tenant. */
export const TENANT_ROLES = ['producer', 'viewer', 'tenant-admin', 'auditor'] as const;

export type TenantRole = (typeof TENANT_ROLES)[number];

export function isTenantRole(value: unknown): value is TenantRole {
  return typeof value === 'string' && (TENANT_ROLES as readonly string[]).includes(value);
}
