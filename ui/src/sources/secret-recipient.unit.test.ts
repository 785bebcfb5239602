import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSecretRecipient } from './secret-recipient.js';

/** As the realm reconciler seals (identity/src/secrets/secret-sealer.ts). */
function seal(secret: string, publicKey: JsonWebKey): string {
  const key = createPublicKey({ key: { kty: 'RSA', n: publicKey.n, e: publicKey.e }, format: 'jwk' });
  return publicEncrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(secret),
  ).toString('base64url');
}

describe('the secret recipient', () => {
  it('sends a public RSA-OAEP-256 key only, and opens what was sealed for it', async () => {
    const recipient = await newSecretRecipient();
    expect(recipient.publicKey).toMatchObject({ kty: 'RSA', alg: 'RSA-OAEP-256', e: 'AQAB' });
    expect(Object.keys(recipient.publicKey).sort()).toEqual(['alg', 'e', 'ext', 'key_ops', 'kty', 'n']);
    expect(await recipient.open(seal('Zx8-secret_of/the+producer', recipient.publicKey))).toBe(
      'Zx8-secret_of/the+producer',
    );
    const other = await newSecretRecipient();
    await expect(other.open(seal('nope', recipient.publicKey))).rejects.toThrow();
  });
});
