import { decodeJwt } from 'jose';
import { TokenRejected, type TokenVerifier } from '@chronicle/identity';
import { queryError, unauthenticated } from '../graphql/errors.js';
import type { Caller } from './caller.js';

export interface Authenticator {
  /** The caller a token stands for; a GraphQL error (401, or 403 for a suspended tenant) otherwise. */
  authenticate(token: string | undefined): Promise<Caller>;
}

export function createAuthenticator(verifier: TokenVerifier): Authenticator {
  return {
    async authenticate(token) {
      if (!token) {
        throw unauthenticated(
          'send an access token: Authorization: Bearer <token> over HTTP, or { "authorization": "Bearer <token>" } as the connection_init payload',
        );
      }
      const verified = await verifier.verify(token).catch((error: unknown) => {
        if (error instanceof TokenRejected) {
          throw error.reason === 'tenant_suspended'
            ? queryError('FORBIDDEN', error.message, { status: 403 })
            : unauthenticated(error.message);
        }
        throw error;
      });
      // The verifier checked the signature and `exp` (a required claim), so the claim can be trusted here.
      const { exp } = decodeJwt(token);
      return { ...verified, expiresAt: new Date(exp! * 1000) };
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** The token of a graphql-ws connection_init payload: `{ authorization: 'Bearer <token>' }` or `{ token }`. */
export function connectionToken(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const authorization = params?.authorization ?? params?.Authorization;
  if (typeof authorization === 'string') return bearerToken(authorization);
  return typeof params?.token === 'string' && params.token !== '' ? params.token : undefined;
}
