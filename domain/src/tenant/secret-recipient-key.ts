import { ValidationError } from '../decider/domain-error.js';

/**
 * The public half of the key pair a requester of a producer secret made for that one request (in the
 * dashboard, with WebCrypto; the private half never leaves it): an RSA key for RSA-OAEP with SHA-256, as a
 * JWK. The reconciler seals the new secret with it, so the secret reaches the log, the API and the wire
 * only as ciphertext that the requester alone can open.
 */
export interface SecretRecipientKey {
  readonly kty: 'RSA';
  readonly alg: 'RSA-OAEP-256';
  /** Modulus, base64url without padding, big-endian. */
  readonly n: string;
  /** Public exponent: always 65537 (`AQAB`). */
  readonly e: 'AQAB';
}

/** Below 2048 bits RSA is no longer considered safe; above 4096 only makes events and work bigger. */
export const SECRET_RECIPIENT_KEY_MIN_BITS = 2048;
export const SECRET_RECIPIENT_KEY_MAX_BITS = 4096;

const FIELD = 'publicKey';
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks what a caller sent as the recipient key and returns only the members that matter (`ext`,
 * `key_ops`, `use` of an exported WebCrypto key are accepted when they fit and dropped). Every refusal
 * names the member at fault, e.g. `publicKey.alg`.
 */
export function requireSecretRecipientKey(value: unknown): SecretRecipientKey {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(FIELD, 'publicKey must be a JSON Web Key (an object)');
  }
  const jwk = value as Record<string, unknown>;
  for (const member of PRIVATE_MEMBERS) {
    if (member in jwk) {
      throw invalid(
        `${FIELD}.${member}`,
        'publicKey holds private key material: send only the public key (keep the private key where it was made)',
      );
    }
  }
  if (jwk.kty !== 'RSA') {
    throw invalid(`${FIELD}.kty`, `publicKey.kty must be "RSA", got ${JSON.stringify(jwk.kty)}`);
  }
  if (jwk.alg !== 'RSA-OAEP-256') {
    throw invalid(
      `${FIELD}.alg`,
      `publicKey.alg must be "RSA-OAEP-256" (RSA-OAEP with SHA-256), got ${JSON.stringify(jwk.alg)}`,
    );
  }
  if (jwk.use !== undefined && jwk.use !== 'enc') {
    throw invalid(`${FIELD}.use`, `publicKey.use must be "enc" when given, got ${JSON.stringify(jwk.use)}`);
  }
  const ops = jwk.key_ops;
  if (
    ops !== undefined &&
    !(Array.isArray(ops) && ops.length > 0 && ops.every((op) => op === 'encrypt' || op === 'wrapKey'))
  ) {
    throw invalid(`${FIELD}.key_ops`, 'publicKey.key_ops must allow "encrypt" only, when given');
  }
  if (jwk.e !== 'AQAB') {
    throw invalid(`${FIELD}.e`, `publicKey.e must be "AQAB" (65537), got ${JSON.stringify(jwk.e)}`);
  }
  // Over twice the largest size's length, it is only measured as too large (no point decoding it).
  const bits = typeof jwk.n === 'string' && jwk.n.length > 2 * 684 ? jwk.n.length * 6 : modulusBits(jwk.n);
  if (bits === undefined) {
    throw invalid(
      `${FIELD}.n`,
      'publicKey.n must be the modulus in base64url without padding, with no leading zero byte, odd',
    );
  }
  if (bits < SECRET_RECIPIENT_KEY_MIN_BITS || bits > SECRET_RECIPIENT_KEY_MAX_BITS) {
    throw new ValidationError(
      bits < SECRET_RECIPIENT_KEY_MIN_BITS ? 'PUBLIC_KEY_TOO_SMALL' : 'PUBLIC_KEY_TOO_LARGE',
      `publicKey.n is a modulus of about ${bits} bits: use ${SECRET_RECIPIENT_KEY_MIN_BITS} to ` +
        `${SECRET_RECIPIENT_KEY_MAX_BITS} bits`,
      `${FIELD}.n`,
    );
  }
  return { kty: 'RSA', alg: 'RSA-OAEP-256', n: jwk.n as string, e: 'AQAB' };
}

/** The modulus' size in bits, or undefined when `n` is not base64url of an odd number without a leading zero. */
function modulusBits(n: unknown): number | undefined {
  if (typeof n !== 'string' || !BASE64URL.test(n) || n.length % 4 === 1) {
    return undefined;
  }
  const bytes = decodeBase64Url(n);
  const first = bytes[0];
  const last = bytes[bytes.length - 1];
  if (first === undefined || first === 0 || last === undefined || last % 2 === 0) return undefined;
  return (bytes.length - 1) * 8 + (32 - Math.clz32(first));
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// The domain has no I/O and no platform APIs: a dozen lines instead of Buffer.
function decodeBase64Url(text: string): Uint8Array {
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let held = 0;
  let at = 0;
  for (const char of text) {
    buffer = ((buffer << 6) | ALPHABET.indexOf(char)) & 0x3fff; // never more than 13 bits pending
    held += 6;
    if (held >= 8) {
      held -= 8;
      bytes[at++] = (buffer >> held) & 0xff;
    }
  }
  return bytes;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError('PUBLIC_KEY_INVALID', message, field);
}
