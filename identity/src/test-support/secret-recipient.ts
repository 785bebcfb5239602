import type { webcrypto } from 'node:crypto';

/** What a requester of a producer secret holds, for tests. */
export interface SecretRecipient {
  /** The public key as the dashboard sends it (WebCrypto's JWK export, `ext` and `key_ops` included). */
  publicKey: webcrypto.JsonWebKey;
  /** Opens a sealed secret with the private key, which cannot be exported. */
  open(sealedSecret: string): Promise<string>;
}

/** The key pair the dashboard makes for one rotation (Node's WebCrypto is the browser's API). */
export async function makeSecretRecipient(modulusLength = 2048): Promise<SecretRecipient> {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    false,
    ['encrypt', 'decrypt'],
  );
  return {
    publicKey: await crypto.subtle.exportKey('jwk', pair.publicKey),
    async open(sealedSecret) {
      const sealed = Buffer.from(sealedSecret, 'base64url');
      return new TextDecoder().decode(
        await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, pair.privateKey, sealed),
      );
    },
  };
}
