import type { VerifiedToken } from '@chronicle/identity';

/**
 * A verified caller: the tenant is the token's issuing realm (never anything a request says), with the
 * token's subject, roles and end, which a WebSocket connection is held to.
 */
export interface Caller extends VerifiedToken {
  expiresAt: Date;
}
