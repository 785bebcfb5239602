/**
 * A tenant id is its Keycloak realm name and leads every key in the event store, so it is kept to what is
 * safe in a URL, a realm name and a database key: 3-40 lowercase letters, digits and hyphens, with no
 * hyphen at either end.
 */
export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

/** Realm names that exist for the platform itself and can never be a tenant. */
export const RESERVED_TENANT_IDS: ReadonlySet<string> = new Set(['master', 'platform']);

export function isValidTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_ID_PATTERN.test(value);
}
