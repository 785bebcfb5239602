import { constants, createPublicKey, publicEncrypt, type KeyObject } from 'node:crypto';
import type { SecretRecipientKey } from '@chronicle/domain';
import { SecretNotSealed } from '../reconciler/keycloak-failure.js';

/**
 * Seals secrets for the holder of the private half of `recipient`: RSA-OAEP with SHA-256 (WebCrypto's
 * `RSA-OAEP` with `hash: SHA-256`, JWK alg `RSA-OAEP-256`), ciphertext in base64url. Only the sealed form
 * ever leaves the reconciler. Made before the secret is rotated, so a key node:crypto refuses fails the
 * rotation before Keycloak changes anything.
 */
export function secretSealer(recipient: SecretRecipientKey): (secret: string) => string {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: recipient.kty, n: recipient.n, e: recipient.e }, format: 'jwk' });
  } catch (error) {
    throw new SecretNotSealed(`the rotation's public key cannot be used: ${(error as Error).message}`);
  }
  return (secret) =>
    publicEncrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(secret, 'utf8'),
    ).toString('base64url');
}
