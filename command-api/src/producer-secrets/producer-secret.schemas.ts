import { SEALED_SECRET_MAX_LENGTH, SECRET_RECIPIENT_KEY_MIN_BITS } from '@chronicle/domain';
import { Type } from '@sinclair/typebox';

// Shapes only: the tenant decider checks the key itself (algorithm, exponent, modulus size) and names the
// member at fault too. Unknown members are refused here, so private key material (`d`, `p`, …) never
// reaches the decider, let alone the log.
const base64url = (description: string, maxLength: number) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength, description });

export const PublicKeyJwkSchema = Type.Object(
  {
    kty: Type.String({ description: '"RSA"', maxLength: 8 }),
    alg: Type.String({ description: '"RSA-OAEP-256" (RSA-OAEP with SHA-256)', maxLength: 32 }),
    n: base64url(`Modulus, at least ${SECRET_RECIPIENT_KEY_MIN_BITS} bits`, 2048),
    e: base64url('Public exponent: "AQAB" (65537)', 16),
    ext: Type.Optional(Type.Boolean()),
    key_ops: Type.Optional(Type.Array(Type.String({ maxLength: 16 }), { maxItems: 8 })),
    use: Type.Optional(Type.String({ maxLength: 8 })),
  },
  {
    additionalProperties: false,
    description:
      "The requester's public key for this rotation, as a JWK (WebCrypto: generateKey RSA-OAEP / SHA-256, " +
      "exportKey('jwk', publicKey)). The new secret comes back sealed with it.",
  },
);

export const RotateProducerSecretSchema = Type.Object(
  { publicKey: PublicKeyJwkSchema },
  { additionalProperties: false },
);

/** A rotation's number in a path. */
export const SecretRotationNumberSchema = Type.String({ pattern: '^[1-9][0-9]{0,8}$' });

export const SecretRotationSchema = Type.Object({
  tenantId: Type.String(),
  clientId: Type.String(),
  rotation: Type.Integer({ description: "The rotation's number for this client, from 1" }),
  version: Type.Integer({ description: "The tenant stream's version after the request" }),
  status: Type.Union(
    [Type.Literal('issued'), Type.Literal('pending'), Type.Literal('failed'), Type.Literal('superseded')],
    {
      description:
        'issued: `sealedSecret` holds the new secret. pending: not issued yet; GET the `Location` (the ' +
        'same answer) until it is. failed: Keycloak refused (`reason`); the old secret may still work. ' +
        'superseded: a later rotation replaced this one before it was issued.',
    },
  ),
  sealedSecret: Type.Optional(
    Type.String({
      maxLength: SEALED_SECRET_MAX_LENGTH,
      description:
        'The new client secret, RSA-OAEP-256 ciphertext (base64url) for the private key of the request’s ' +
        'publicKey: decrypt it with WebCrypto decrypt({ name: "RSA-OAEP" }, privateKey, bytes).',
    }),
  ),
  reason: Type.Optional(Type.String()),
});
