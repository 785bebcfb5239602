/**
 * A username is a Keycloak username in the tenant's realm. Keycloak lowercases usernames, so only lowercase
 * ones are accepted and the name in our events is the one Keycloak shows: 2-63 lowercase letters, digits and
 * `._-`, starting with a letter or digit.
 */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/** Keycloak names the user behind each client's service account `service-account-<client id>`. */
export const SERVICE_ACCOUNT_USERNAME_PREFIX = 'service-account-';

export function isValidUsername(value: unknown): value is string {
  return typeof value === 'string' && USERNAME_PATTERN.test(value);
}
