import * as openid from 'openid-client';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import type { TenantDirectory } from './tenant-directory.js';
import { TokenRejected } from './token-rejected.js';

/** Who made a request, from a verified token. `tenant` is the issuing realm, never taken from elsewhere. */
export interface VerifiedToken {
  tenant: string;
  subject: string;
  roles: string[];
  clientId: string;
}

export interface TokenVerifierOptions {
  /** Keycloak's base URL as it appears in token issuers (`<url>/realms/<tenant>`). */
  keycloakUrl: string;
  /** The audience the API requires (`chronicle-api`). */
  audience: string;
  tenants: TenantDirectory;
  /** Realms trusted besides tenants (the `platform` realm of operators). */
  trustedRealms?: readonly string[];
  /** Signature algorithms accepted; never `none` or an HMAC. Default RS256, PS256, ES256. */
  algorithms?: readonly string[];
  /** Allowed clock skew for exp/nbf/iat, in seconds. Default 30. */
  clockToleranceSeconds?: number;
  /** Minimum time between JWKS fetches triggered by an unknown key id. Default 30 s. */
  jwksCooldownMs?: number;
  /**
   * RFC 7662 introspection, for deployments that need instant revocation: the token is also checked with
   * the realm, using the realm's API client credentials.
   */
  introspection?: (realm: string) => Promise<{ clientId: string; clientSecret: string }>;
  /** Local development and tests only: Keycloak on plain http. */
  allowHttp?: boolean;
  /** For tests: the verifier's notion of now. */
  now?: () => Date;
}

const REALM = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const base = options.keycloakUrl.replace(/\/+$/, '');
  const algorithms = [...(options.algorithms ?? ['RS256', 'PS256', 'ES256'])];
  if (algorithms.some((alg) => alg === 'none' || alg.startsWith('HS'))) {
    throw new Error('only asymmetric signature algorithms may be allowed');
  }
  const realms = new Map<string, Promise<Realm>>();

  /** Discovery and key set per realm, cached; jose refetches the key set when it meets an unknown key id. */
  function realm(name: string): Promise<Realm> {
    let known = realms.get(name);
    if (!known) {
      known = discover(name).catch((error: unknown) => {
        realms.delete(name); // a failed discovery is retried by the next request
        throw error;
      });
      realms.set(name, known);
    }
    return known;
  }

  async function discover(name: string): Promise<Realm> {
    const issuer = `${base}/realms/${name}`;
    const execute = options.allowHttp ? [openid.allowInsecureRequests] : [];
    const credentials = options.introspection ? await options.introspection(name) : undefined;
    const config = await openid.discovery(
      new URL(issuer),
      credentials?.clientId ?? options.audience,
      credentials?.clientSecret,
      undefined,
      { execute },
    );
    const jwksUri = config.serverMetadata().jwks_uri;
    if (!jwksUri) throw new Error(`realm ${name} publishes no jwks_uri`);
    const keys = createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: options.jwksCooldownMs ?? 30_000 });
    return { issuer, config, keys };
  }

  return {
    async verify(token) {
      const realmName = realmOf(token, base);
      if (!(options.trustedRealms ?? []).includes(realmName)) {
        const status = await options.tenants.status(realmName);
        if (status === 'unknown')
          throw new TokenRejected('unknown_tenant', `realm ${realmName} is not a tenant`);
        if (status === 'suspended')
          throw new TokenRejected('tenant_suspended', `tenant ${realmName} is suspended`);
      }
      const { issuer, config, keys } = await realm(realmName);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer,
          audience: options.audience,
          algorithms,
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ['exp', 'iat'],
          ...(options.now ? { currentDate: options.now() } : {}),
        }));
      } catch (error) {
        throw rejection(error);
      }
      if (options.introspection) {
        const introspected = await openid.tokenIntrospection(config, token);
        if (!introspected.active) throw new TokenRejected('inactive', 'the token was revoked or has ended');
      }
      const roles = (payload.realm_access as { roles?: unknown } | undefined)?.roles;
      return {
        tenant: realmName,
        subject: payload.sub ?? '',
        roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [],
        clientId: String(payload.azp ?? payload.client_id ?? ''),
      };
    },
  };
}

interface Realm {
  issuer: string;
  config: openid.Configuration;
  keys: ReturnType<typeof createRemoteJWKSet>;
}

/** The realm a token claims to come from, checked before anything is fetched for it. */
function realmOf(token: string, base: string): string {
  let issuer: unknown;
  try {
    decodeProtectedHeader(token);
    issuer = decodeJwt(token).iss;
  } catch {
    throw new TokenRejected('malformed', 'not a JWT');
  }
  const prefix = `${base}/realms/`;
  const name = typeof issuer === 'string' && issuer.startsWith(prefix) ? issuer.slice(prefix.length) : '';
  if (!REALM.test(name))
    throw new TokenRejected('issuer', `issuer ${JSON.stringify(issuer)} is not one of ours`);
  return name;
}

function rejection(error: unknown): TokenRejected {
  if (error instanceof errors.JWTExpired) return new TokenRejected('expired', 'the token has expired');
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new TokenRejected('algorithm', 'signature algorithm not allowed');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new TokenRejected(
      error.claim === 'aud' ? 'audience' : 'issuer',
      `claim ${error.claim} is not acceptable`,
    );
  }
  if (error instanceof errors.JOSEError)
    return new TokenRejected('signature', 'the signature does not verify');
  throw error;
}
