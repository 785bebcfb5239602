import { DomainError } from '@chronicle/domain';

/** Keycloak's state contradicts the event being applied (e.g. a role granted to a user it does not know). */
export class RealmMismatch extends Error {}

/** A rotation's public key that node:crypto cannot seal with, though the decider accepted it. */
export class SecretNotSealed extends Error {}

/**
 * Whether a failed Keycloak call may succeed if tried again (Keycloak down or overloaded, our admin token
 * expired) or never will (Keycloak refused what we asked, 4xx).
 */
export function isTransient(error: unknown): boolean {
  // A record the tenant decider refused is wrong whatever Keycloak does: trying again cannot help.
  if (error instanceof RealmMismatch || error instanceof SecretNotSealed || error instanceof DomainError) {
    return false;
  }
  const status = (error as { response?: { status?: number } }).response?.status;
  if (status === undefined) return true; // no answer at all: connection refused, reset, timed out
  return status >= 500 || status === 429 || status === 401 || status === 408;
}

export function describeFailure(error: unknown): string {
  const { message, responseData } = error as { message?: string; responseData?: unknown };
  const detail = responseData && typeof responseData === 'object' ? JSON.stringify(responseData) : '';
  return [message ?? String(error), detail].filter(Boolean).join(': ').slice(0, 500);
}
