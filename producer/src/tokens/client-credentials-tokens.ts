import * as openid from 'openid-client';
import type { TokenSource } from './token-source.js';

export interface ClientCredentials {
  /** The tenant realm's issuer, e.g. http://127.0.0.1:8080/realms/acme */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Local development only: an issuer on plain http. */
  allowHttp?: boolean;
  now?: () => number;
}

/**
 * Client-credentials tokens from the tenant's Keycloak realm (openid-client), kept until 80% of their
 * lifetime and then fetched anew. Discovery is retried on the next call when Keycloak was unreachable.
 */
export function clientCredentialsTokens(credentials: ClientCredentials): TokenSource {
  const now = credentials.now ?? Date.now;
  let configuration: Promise<openid.Configuration> | undefined;
  let cached: { token: string; refreshAt: number } | undefined;
  let fetching: Promise<string> | undefined;

  const discover = () => {
    configuration ??= openid
      .discovery(new URL(credentials.issuer), credentials.clientId, credentials.clientSecret, undefined, {
        execute: credentials.allowHttp ? [openid.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      });
    return configuration;
  };

  async function fetchToken(): Promise<string> {
    const granted = await openid.clientCredentialsGrant(await discover());
    const lifetimeMs = (granted.expires_in ?? 60) * 1000;
    cached = { token: granted.access_token, refreshAt: now() + lifetimeMs * 0.8 };
    return granted.access_token;
  }

  return {
    async get() {
      if (cached && now() < cached.refreshAt) return cached.token;
      // Concurrent senders share one request for a new token.
      fetching ??= fetchToken().finally(() => (fetching = undefined));
      return fetching;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
