/**
 * What the dashboard reads from its access token: the realm roles decide which views it offers. The APIs
 * verify the token and enforce the roles again; nothing here is a security check.
 */
export interface AccessClaims {
  subject: string;
  username: string;
  roles: readonly string[];
  expiresAt: number;
}

export function readAccessClaims(accessToken: string): AccessClaims {
  const payload = accessToken.split('.')[1];
  if (!payload) throw new Error('the access token is not a JWT');
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  const claims = JSON.parse(json) as {
    sub?: string;
    preferred_username?: string;
    realm_access?: { roles?: string[] };
    exp?: number;
  };
  return {
    subject: claims.sub ?? '',
    username: claims.preferred_username ?? claims.sub ?? '',
    roles: claims.realm_access?.roles ?? [],
    expiresAt: (claims.exp ?? 0) * 1000,
  };
}
