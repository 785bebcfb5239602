/** The longest address SMTP can deliver to (RFC 5321: a 256-octet path, less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

const LOCAL_PART_MAX_LENGTH = 64;

/**
 * Deliberately simple, not RFC 5322: a dot-separated local part of the characters HTML's email inputs accept,
 * `@`, and a domain of at least two labels of letters, digits and hyphens (no IP literals, no quoted local
 * parts). Keycloak and the mail server have the last word; this only keeps obvious typos out of the log.
 */
export const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])$/i;

export function isValidEmail(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(value))
    return false;
  return value.indexOf('@') <= LOCAL_PART_MAX_LENGTH;
}

/**
 * Keycloak stores emails lowercased (and by default refuses two users with the same one), so the domain does
 * the same: the address in the events is the one Keycloak will hold, and duplicates are found before it.
 */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
