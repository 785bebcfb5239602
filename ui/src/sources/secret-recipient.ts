/**
 * The key pair a rotation's new secret is sealed for (RSA-OAEP, SHA-256), made in this tab for this one
 * rotation. The private key cannot be exported: the sealed secret opens only here, only until the key is
 * dropped (with the page, or once the secret has been shown).
 */
export interface SecretRecipient {
  /** What the command API is sent: the public key as a JWK (alg RSA-OAEP-256). */
  readonly publicKey: JsonWebKey;
  /** The secret inside RSA-OAEP-256 ciphertext in base64url, as the command API answers it. */
  open(sealedSecret: string): Promise<string>;
}

export async function newSecretRecipient(): Promise<SecretRecipient> {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    false,
    ['encrypt', 'decrypt'],
  );
  return {
    publicKey: await crypto.subtle.exportKey('jwk', pair.publicKey),
    async open(sealedSecret) {
      const plain = await crypto.subtle.decrypt(
        { name: 'RSA-OAEP' },
        pair.privateKey,
        fromBase64Url(sealedSecret),
      );
      return new TextDecoder().decode(plain);
    },
  };
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
