import { ValidationError } from '../decider/domain-error.js';

/**
 * A producer client id names a Keycloak client in the tenant's realm, and producers' events carry it
 * (`metadata.producer`): 3-63 lowercase letters, digits and hyphens, starting with a letter or digit.
 */
export const PRODUCER_CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,62}$/;

/**
 * Clients every tenant realm already has (Keycloak's own and Chronicle's): the reconciler converges a client
 * by its id, so a producer registered under one of these names would take that client over.
 */
export const RESERVED_PRODUCER_CLIENT_IDS: ReadonlySet<string> = new Set([
  'account',
  'account-console',
  'admin-cli',
  'broker',
  'realm-management',
  'security-admin-console',
  'chronicle-api',
  'chronicle-ui',
]);

export function isValidProducerClientId(value: unknown): value is string {
  return typeof value === 'string' && PRODUCER_CLIENT_ID_PATTERN.test(value);
}

export function requireProducerClientId(clientId: unknown): string {
  if (isValidProducerClientId(clientId)) return clientId;
  throw new ValidationError(
    'PRODUCER_CLIENT_ID_INVALID',
    `Producer client id ${JSON.stringify(clientId)} is invalid: use 3-63 lowercase letters, digits and ` +
      'hyphens, starting with a letter or digit',
    'clientId',
  );
}
