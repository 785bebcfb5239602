import * as openid from 'openid-client';
import { SignJWT, decodeJwt, exportSPKI, importJWK, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { testKeycloak } from '@chronicle/devstack/testing';
import { connectKeycloakAdmin, type KeycloakAdmin } from '../keycloak/keycloak-admin.js';
import { ensureProducerClient, ensureTenantRealm } from '../realms/tenant-realm.js';
import type { TenantDirectory } from './tenant-directory.js';
import { createTokenVerifier, type TokenVerifierOptions } from './token-verifier.js';

/** Every token here comes from the run's real Keycloak; forged ones are made from real ones. */
describe('the token verifier', () => {
  const keycloak = testKeycloak();
  const statuses = new Map<string, 'active' | 'suspended'>();
  const tenants: TenantDirectory = { status: async (tenant) => statuses.get(tenant) ?? 'unknown' };
  const verifier = (more: Partial<TokenVerifierOptions> = {}) =>
    createTokenVerifier({
      keycloakUrl: keycloak.url,
      audience: 'chronicle-api',
      tenants,
      allowHttp: true,
      ...more,
    });
  let admin: KeycloakAdmin;
  let producer: { clientId: string; clientSecret: string };
  let token: string;

  async function clientToken(realm: string, client: { clientId: string; clientSecret: string }) {
    const config = await openid.discovery(
      new URL(`${keycloak.url}/realms/${realm}`),
      client.clientId,
      client.clientSecret,
      undefined,
      { execute: [openid.allowInsecureRequests] },
    );
    return (await openid.clientCredentialsGrant(config)).access_token;
  }

  /** A realm as the reconciler provisions it, with one producer client. */
  async function tenantRealm(realm: string) {
    await ensureTenantRealm(admin, realm, {
      displayName: realm,
      enabled: true,
      uiOrigins: ['http://localhost:5173'],
    });
    const clientId = `${realm}-meter-1`;
    await ensureProducerClient(admin, realm, clientId);
    const [client] = await admin.clients.find({ realm, clientId });
    const secret = await admin.clients.getClientSecret({ realm, id: client!.id! });
    return { clientId, clientSecret: secret.value! };
  }

  beforeAll(async () => {
    admin = await connectKeycloakAdmin(keycloak);
    producer = await tenantRealm('verify-acme');
    statuses.set('verify-acme', 'active');
    token = await clientToken('verify-acme', producer);
  });

  it("accepts a producer's client-credentials token with its tenant, roles and client", async () => {
    const verified = await verifier().verify(token);
    expect(verified).toMatchObject({ tenant: 'verify-acme', clientId: producer.clientId });
    expect(verified.roles).toContain('producer');
    expect(verified.subject).not.toBe('');
  });

  it('refuses alg none', async () => {
    const [, payload] = token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expect(verifier().verify(none)).rejects.toMatchObject({ reason: 'algorithm' });
  });

  it("refuses HS256 signed with the realm's public key (algorithm confusion)", async () => {
    const jwks = (await (
      await fetch(`${keycloak.url}/realms/verify-acme/protocol/openid-connect/certs`)
    ).json()) as {
      keys: (JWK & { use?: string })[];
    };
    const signing = jwks.keys.find((key) => key.use === 'sig' && key.kty === 'RSA')!;
    const pem = await exportSPKI((await importJWK(signing, 'RS256')) as Parameters<typeof exportSPKI>[0]);
    const forged = await new SignJWT(decodeJwt(token))
      .setProtectedHeader({ alg: 'HS256', kid: signing.kid! })
      .sign(new TextEncoder().encode(pem));
    await expect(verifier().verify(forged)).rejects.toMatchObject({ reason: 'algorithm' });
  });

  it('refuses a wrong issuer without contacting it', async () => {
    const claims = { ...decodeJwt(token), iss: 'http://127.0.0.1:9/realms/verify-acme' };
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    await expect(verifier().verify(forged)).rejects.toMatchObject({ reason: 'issuer' });
  });

  it('refuses a realm that is not a provisioned tenant', async () => {
    const stranger = await tenantRealm('verify-stranger');
    const strangerToken = await clientToken('verify-stranger', stranger);
    await expect(verifier().verify(strangerToken)).rejects.toMatchObject({ reason: 'unknown_tenant' });
  });

  it('refuses an expired token', async () => {
    const { exp } = decodeJwt(token);
    const later = verifier({ now: () => new Date((exp! + 3600) * 1000) });
    await expect(later.verify(token)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('refuses a tampered payload', async () => {
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    claims.realm_access = { roles: ['producer', 'tenant-admin'] };
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    await expect(verifier().verify(tampered)).rejects.toMatchObject({ reason: 'signature' });
  });

  it('refuses a token for another audience', async () => {
    await expect(verifier({ audience: 'someone-else' }).verify(token)).rejects.toMatchObject({
      reason: 'audience',
    });
  });

  it("refuses a suspended tenant's tokens, and accepts them again once reactivated", async () => {
    const shared = verifier();
    statuses.set('verify-acme', 'suspended');
    await expect(shared.verify(token)).rejects.toMatchObject({ reason: 'tenant_suspended' });
    statuses.set('verify-acme', 'active');
    await expect(shared.verify(token)).resolves.toMatchObject({ tenant: 'verify-acme' });
  });

  it('refuses garbage', async () => {
    await expect(verifier().verify('not.a.token')).rejects.toMatchObject({ reason: 'malformed' });
  });

  it('follows a key rotation: an unknown key id makes it fetch the keys again', async () => {
    const shared = verifier({ jwksCooldownMs: 0 });
    await shared.verify(token); // the old key set is now cached
    const realm = await admin.realms.findOne({ realm: 'verify-acme' });
    await admin.components.create({
      realm: 'verify-acme',
      name: 'rotated-rsa',
      providerId: 'rsa-generated',
      providerType: 'org.keycloak.keys.KeyProvider',
      parentId: realm!.id!,
      config: { priority: ['500'], keySize: ['2048'], algorithm: ['RS256'] },
    });
    const rotated = await clientToken('verify-acme', producer);
    const kid = (t: string) =>
      JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString()).kid as string;
    expect(kid(rotated)).not.toBe(kid(token));
    await expect(shared.verify(rotated)).resolves.toMatchObject({ tenant: 'verify-acme' });
  });

  it('in introspection mode, refuses a token revoked in Keycloak', async () => {
    const api = (await admin.clients.find({ realm: 'verify-acme', clientId: 'chronicle-api' }))[0]!;
    const secret = (await admin.clients.getClientSecret({ realm: 'verify-acme', id: api.id! })).value!;
    const introspecting = verifier({
      introspection: async () => ({ clientId: 'chronicle-api', clientSecret: secret }),
    });
    const fresh = await clientToken('verify-acme', producer);
    await expect(introspecting.verify(fresh)).resolves.toMatchObject({ tenant: 'verify-acme' });
    // A revocation policy (not-before) set by an admin ends every earlier token at once; the token's own
    // signature and expiry still look fine, so only introspection can tell.
    await admin.realms.update({ realm: 'verify-acme' }, { notBefore: Math.floor(Date.now() / 1000) + 1 });
    await expect(verifier().verify(fresh)).resolves.toMatchObject({ tenant: 'verify-acme' });
    await expect(introspecting.verify(fresh)).rejects.toMatchObject({ reason: 'inactive' });
  });
});
