import * as openid from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testKeycloak, type TestDatabase } from '@chronicle/devstack/testing';
import { freePort } from '@chronicle/devstack';
import type { TenantCommand } from '@chronicle/domain';
import { START, createEventStore, type EventStore } from '@chronicle/eventstore';
import { connectKeycloakAdmin, type KeycloakAdmin } from '../keycloak/keycloak-admin.js';
import {
  ensureTenantRealm,
  ensureTenantUser,
  readProducerSecret,
  rotateProducerSecret,
} from '../realms/tenant-realm.js';
import { makeSecretRecipient } from '../test-support/secret-recipient.js';
import { signInWithPkce } from '../test-support/sign-in-with-pkce.js';
import { TcpProxy } from '../test-support/tcp-proxy.js';
import { AccessDenied, requireAccess } from '../tokens/require-access.js';
import { createTokenVerifier, type TokenVerifier } from '../tokens/token-verifier.js';
import { tenantDirectoryFromLog } from '../tokens/tenant-directory-from-log.js';
import { startRealmReconciler, type RealmReconciler } from './realm-reconciler.js';
import { TENANT_STREAM, handleTenantCommand } from '../tenants/tenant-stream.js';

const uiOrigins = ['http://localhost:5173'];

/** Real PostgreSQL, real Keycloak; tenant events appended as the command API will append them. */
describe('the realm reconciler', () => {
  const keycloak = testKeycloak();
  let database: TestDatabase;
  let store: EventStore;
  let admin: KeycloakAdmin;
  let tenants: ReturnType<typeof tenantDirectoryFromLog>;
  let verifier: TokenVerifier;
  const reconcilers: RealmReconciler[] = [];
  const start = (login = keycloak) => {
    const reconciler = startRealmReconciler({
      store,
      keycloak: login,
      uiOrigins,
      pollIntervalMs: 100,
      retry: { firstDelayMs: 100, maxDelayMs: 500 },
    });
    reconcilers.push(reconciler);
    return reconciler;
  };
  /** What the command API's handler does: load the tenant, decide, append at the version it decided on. */
  const handle = (tenant: string, command: TenantCommand) =>
    handleTenantCommand(store, {
      tenant,
      command,
      metadata: {},
    });
  /** Each event as `type data`, the data's keys in the order the log's jsonb keeps them. */
  const history = async (tenant: string) => {
    const events = [];
    for await (const event of store.readStream(tenant, TENANT_STREAM))
      events.push(`${event.type} ${JSON.stringify(event.data)}`);
    return events;
  };
  /** What the realm looks like, as far as we own it. */
  const snapshot = async (realm: string) => ({
    realm: await admin.realms.findOne({ realm }).then((r) => ({ enabled: r?.enabled })),
    roles: (await admin.roles.find({ realm })).map((role) => role.name).sort(),
    clients: (await admin.clients.find({ realm }))
      .map((client) => `${client.clientId}:${client.secret ?? ''}`)
      .sort(),
    users: (await admin.users.find({ realm })).map((user) => user.username).sort(),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createEventStore({ connectionString: database.url });
    admin = await connectKeycloakAdmin(keycloak);
    // The verifier knows tenants from the log: provisioned (by the reconciler) and not suspended.
    tenants = tenantDirectoryFromLog(store);
    verifier = createTokenVerifier({
      keycloakUrl: keycloak.url,
      audience: 'chronicle-api',
      allowHttp: true,
      tenants,
    });
  });
  afterAll(async () => {
    tenants?.close();
    await Promise.all(reconcilers.map((reconciler) => reconciler.stop()));
    await store?.close();
    await database?.drop();
  });

  it('provisions a registered tenant: realm, roles, clients, a producer whose token the verifier accepts', async () => {
    await handle('recon-acme', {
      type: 'RegisterTenant',
      data: { tenantId: 'recon-acme', displayName: 'Acme' },
    });
    await handle('recon-acme', { type: 'RegisterProducerClient', data: { clientId: 'recon-acme-meter' } });
    await handle('recon-acme', {
      type: 'InviteUser',
      data: { username: 'alice', email: 'alice@example.com' },
    });
    await handle('recon-acme', { type: 'GrantRole', data: { username: 'alice', role: 'viewer' } });
    const reconciler = start();
    await reconciler.caughtUp('recon-acme');

    const realm = await snapshot('recon-acme');
    expect(realm.roles).toEqual(expect.arrayContaining(['auditor', 'producer', 'tenant-admin', 'viewer']));
    expect(realm.users).toEqual(expect.arrayContaining(['alice']));
    const recorded = await history('recon-acme');
    expect(recorded.filter((line) => line.startsWith('RealmProvisioned'))).toHaveLength(1);
    expect(recorded.filter((line) => line.startsWith('RealmUpdated'))).toHaveLength(3);
    // The user's Keycloak id, which sources name as their owner, is in the log once.
    const [alice] = await admin.users.find({ realm: 'recon-acme', username: 'alice', exact: true });
    expect(recorded.filter((line) => line.startsWith('UserProvisioned'))).toEqual([
      `UserProvisioned ${JSON.stringify({ subject: alice!.id, tenantId: 'recon-acme', username: 'alice' })}`,
    ]);

    const [client] = await admin.clients.find({ realm: 'recon-acme', clientId: 'recon-acme-meter' });
    const secret = (await admin.clients.getClientSecret({ realm: 'recon-acme', id: client!.id! })).value!;
    const config = await openid.discovery(
      new URL(`${keycloak.url}/realms/recon-acme`),
      'recon-acme-meter',
      secret,
      undefined,
      {
        execute: [openid.allowInsecureRequests],
      },
    );
    const { access_token: token } = await openid.clientCredentialsGrant(config);
    // The directory follows the log live: it learns of the provisioning from the reconciler's event.
    await expect.poll(() => tenants.status('recon-acme')).toBe('active');
    const verified = await verifier.verify(token);
    expect(verified).toMatchObject({ tenant: 'recon-acme', clientId: 'recon-acme-meter' });
    expect(verified.roles).toContain('producer');
    // Suspended in the log: refused at once, before Keycloak's realm is even disabled.
    await handle('recon-acme', { type: 'SuspendTenant', data: { reason: 'audit' } });
    await expect.poll(() => tenants.status('recon-acme')).toBe('suspended');
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'tenant_suspended' });
    await handle('recon-acme', { type: 'ReactivateTenant', data: {} });
    await expect.poll(() => tenants.status('recon-acme')).toBe('active');
    await reconcilers[0]!.caughtUp('recon-acme');
  });

  it("lets an invited user of the tenant sign in to the dashboard; the verifier yields that tenant and the user's role", async () => {
    // The invitation as the user completes it: a password of their choosing, nothing left to do.
    const [alice] = await admin.users.find({ realm: 'recon-acme', username: 'alice', exact: true });
    await admin.users.resetPassword({
      realm: 'recon-acme',
      id: alice!.id!,
      credential: { type: 'password', value: 'alice-password', temporary: false },
    });
    await admin.users.update({ realm: 'recon-acme', id: alice!.id! }, { requiredActions: [] });
    const { token } = await signInWithPkce({
      keycloakUrl: keycloak.url,
      realm: 'recon-acme',
      clientId: 'chronicle-ui',
      redirectUri: 'http://localhost:5173/callback',
      username: 'alice',
      password: 'alice-password',
    });
    const verified = await verifier.verify(token);
    expect(verified).toMatchObject({ tenant: 'recon-acme', clientId: 'chronicle-ui', subject: alice!.id });
    expect(verified.roles).toContain('viewer');
    expect(verified.roles).not.toContain('tenant-admin');
    // Her token opens her tenant's resources for her role, and nothing of another tenant.
    expect(() =>
      requireAccess(verified, { tenant: 'recon-acme', anyRole: ['viewer', 'tenant-admin'] }),
    ).not.toThrow();
    expect(() => requireAccess(verified, { tenant: 'recon-late' })).toThrow(AccessDenied);
    expect(() => requireAccess(verified, { tenant: 'recon-late' })).toThrow(/not in the tenant of the token/);
    expect(() => requireAccess(verified, { tenant: 'recon-acme', anyRole: ['tenant-admin'] })).toThrow(
      /roles tenant-admin/,
    );
  });

  it('suspends and reactivates the realm', async () => {
    await handle('recon-acme', { type: 'SuspendTenant', data: { reason: 'unpaid' } });
    await reconcilers[0]!.caughtUp('recon-acme');
    expect((await snapshot('recon-acme')).realm.enabled).toBe(false);
    await handle('recon-acme', { type: 'ReactivateTenant', data: {} });
    await reconcilers[0]!.caughtUp('recon-acme');
    expect((await snapshot('recon-acme')).realm.enabled).toBe(true);
  });

  it('replayed from the start against the existing Keycloak, changes nothing and records nothing', async () => {
    await Promise.all(reconcilers.splice(0).map((reconciler) => reconciler.stop()));
    const before = { realm: await snapshot('recon-acme'), history: await history('recon-acme') };
    await store.checkpoints.save('realm-reconciler', START);
    // The log holds a suspension and a reactivation: replaying them must not switch the realm off meanwhile.
    const seen = new Set<boolean | undefined>();
    let replaying = true;
    const watching = (async () => {
      while (replaying) seen.add((await admin.realms.findOne({ realm: 'recon-acme' }))?.enabled);
    })();
    await start().caughtUp('recon-acme');
    replaying = false;
    await watching;
    expect(seen).toEqual(new Set([true]));
    expect(await snapshot('recon-acme')).toEqual(before.realm);
    expect(await history('recon-acme')).toEqual(before.history);
  });

  it('replayed over a log from before UserProvisioned, records the subjects of the users it had provisioned', async () => {
    await Promise.all(reconcilers.splice(0).map((reconciler) => reconciler.stop()));
    const tenant = 'recon-legacy';
    await handle(tenant, { type: 'RegisterTenant', data: { tenantId: tenant, displayName: 'Legacy' } });
    await handle(tenant, { type: 'InviteUser', data: { username: 'carol', email: 'carol@example.com' } });
    // What the reconciler did before it recorded subjects: the realm and user made, one outcome per event.
    await ensureTenantRealm(admin, tenant, { displayName: 'Legacy', enabled: true, uiOrigins });
    const { subject } = await ensureTenantUser(admin, tenant, {
      username: 'carol',
      email: 'carol@example.com',
    });
    const logged = [];
    for await (const event of store.readStream(tenant, TENANT_STREAM)) logged.push(event);
    for (const event of logged) {
      await handleTenantCommand(store, {
        tenant,
        command:
          event.type === 'TenantRegistered'
            ? { type: 'RecordRealmProvisioned', data: {} }
            : { type: 'RecordRealmUpdated', data: { change: 'user carol' } },
        metadata: {},
        idempotencyKey: `realm-reconciler/${event.eventId}`,
        idempotencyFingerprint: event.eventId,
      });
    }
    const before = await history(tenant);
    await store.checkpoints.save('realm-reconciler', START);
    await start().caughtUp(tenant);
    expect(await history(tenant)).toEqual([
      ...before,
      `UserProvisioned ${JSON.stringify({ subject, tenantId: tenant, username: 'carol' })}`,
    ]);
    // Replayed once more: the subject is known, nothing more is recorded.
    await Promise.all(reconcilers.splice(0).map((reconciler) => reconciler.stop()));
    await store.checkpoints.save('realm-reconciler', START);
    await start().caughtUp(tenant);
    expect(await history(tenant)).toHaveLength(before.length + 1);
  });

  it('records a refusal as RealmProvisioningFailed and goes on', async () => {
    // Someone deletes an invited user directly in Keycloak; granting them a role then cannot be applied.
    await handle('recon-acme', { type: 'InviteUser', data: { username: 'bob', email: 'bob@example.com' } });
    await reconcilers.at(-1)!.caughtUp('recon-acme');
    const [bob] = await admin.users.find({ realm: 'recon-acme', username: 'bob', exact: true });
    await admin.users.del({ realm: 'recon-acme', id: bob!.id! });
    await handle('recon-acme', { type: 'GrantRole', data: { username: 'bob', role: 'viewer' } });
    await reconcilers.at(-1)!.caughtUp('recon-acme');
    const failures = (await history('recon-acme')).filter((line) =>
      line.startsWith('RealmProvisioningFailed'),
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('user bob does not exist');
  });

  it('stopped midway and started again, reaches the same end state', async () => {
    await Promise.all(reconcilers.splice(0).map((reconciler) => reconciler.stop()));
    for (const tenant of ['recon-cut-a', 'recon-cut-b', 'recon-cut-c']) {
      await handle(tenant, { type: 'RegisterTenant', data: { tenantId: tenant, displayName: tenant } });
      await handle(tenant, { type: 'RegisterProducerClient', data: { clientId: `${tenant}-meter` } });
    }
    const first = start();
    // Stop it as soon as it has done some of the work, wherever it is.
    await expect.poll(() => admin.realms.findOne({ realm: 'recon-cut-a' }), { timeout: 30_000 }).toBeTruthy();
    await first.stop();
    await start().caughtUp('recon-cut-c');
    for (const tenant of ['recon-cut-a', 'recon-cut-b', 'recon-cut-c']) {
      const realm = await snapshot(tenant);
      expect(realm.clients.some((client) => client.startsWith(`${tenant}-meter:`))).toBe(true);
      const recorded = await history(tenant);
      expect(recorded.filter((line) => line.startsWith('RealmProvisioned'))).toHaveLength(1);
      expect(recorded.filter((line) => line.startsWith('RealmUpdated'))).toHaveLength(1);
    }
  });

  it('waits while Keycloak is unreachable and catches up when it returns, losing nothing', async () => {
    await Promise.all(reconcilers.splice(0).map((reconciler) => reconciler.stop()));
    const target = new URL(keycloak.url);
    const proxy = new TcpProxy(await freePort(), { host: target.hostname, port: Number(target.port) });
    // Keycloak is "down" at start: nothing listens where the reconciler looks for it.
    const reconciler = start({ ...keycloak, url: `http://127.0.0.1:${proxy.port}` });
    await handle('recon-late', {
      type: 'RegisterTenant',
      data: { tenantId: 'recon-late', displayName: 'Late' },
    });
    await handle('recon-late', { type: 'RegisterProducerClient', data: { clientId: 'recon-late-meter' } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await admin.realms.findOne({ realm: 'recon-late' })).toBeFalsy();
    await proxy.open();
    try {
      await reconciler.caughtUp('recon-late');
      const realm = await snapshot('recon-late');
      expect(realm.clients.some((client) => client.startsWith('recon-late-meter:'))).toBe(true);
      expect(
        (await history('recon-late')).filter((line) => line.startsWith('RealmProvisioned')),
      ).toHaveLength(1);
    } finally {
      await reconciler.stop();
      await proxy.cut();
    }
  });
  describe('producer secrets', () => {
    const tenant = 'recon-secrets';
    const clientId = 'recon-secrets-meter';
    const tokenWith = async (secret: string) => {
      const config = await openid.discovery(
        new URL(`${keycloak.url}/realms/${tenant}`),
        clientId,
        secret,
        undefined,
        { execute: [openid.allowInsecureRequests] },
      );
      return (await openid.clientCredentialsGrant(config)).access_token;
    };
    const issued = async () => {
      const found: { rotation: number; sealedSecret: string }[] = [];
      for await (const event of store.readStream(tenant, TENANT_STREAM)) {
        if (event.type === 'ProducerSecretIssued') found.push(event.data as (typeof found)[number]);
      }
      return found;
    };
    const rotate = async () => {
      const recipient = await makeSecretRecipient();
      await handle(tenant, {
        type: 'RotateProducerSecret',
        data: { clientId, publicKey: recipient.publicKey },
      });
      return recipient;
    };

    beforeAll(async () => {
      await Promise.all(reconcilers.splice(0).map((reconciler) => reconciler.stop()));
      // A shared Keycloak keeps realms between runs: this log numbers its rotations from 1 again.
      if (await admin.realms.findOne({ realm: tenant })) await admin.realms.del({ realm: tenant });
      await handle(tenant, { type: 'RegisterTenant', data: { tenantId: tenant, displayName: 'Secrets' } });
      await handle(tenant, { type: 'RegisterProducerClient', data: { clientId } });
      await start().caughtUp(tenant);
    });

    it('rotates and issues the new secret sealed for its requester only; the old secret stops working', async () => {
      const old = await readProducerSecret(admin, tenant, clientId);
      const requester = await rotate();
      await reconcilers.at(-1)!.caughtUp(tenant);
      const [first, ...more] = await issued();
      expect(more).toEqual([]);
      expect(first!.rotation).toBe(1);
      const secret = await requester.open(first!.sealedSecret);
      expect(secret).toBe(await readProducerSecret(admin, tenant, clientId));
      expect(secret).not.toBe(old);
      await expect(tokenWith(secret)).resolves.toBeTypeOf('string');
      await expect(tokenWith(old)).rejects.toThrow();
      expect((await history(tenant)).join('\n')).not.toContain(secret);
    });

    it('replayed from the start, neither rotates nor issues again', async () => {
      await Promise.all(reconcilers.splice(0).map((reconciler) => reconciler.stop()));
      const before = {
        secret: await readProducerSecret(admin, tenant, clientId),
        history: await history(tenant),
      };
      await store.checkpoints.save('realm-reconciler', START);
      await start().caughtUp(tenant);
      expect(await readProducerSecret(admin, tenant, clientId)).toBe(before.secret);
      expect(await history(tenant)).toEqual(before.history);
    });

    it('restarted after rotating in Keycloak but before recording, issues that secret without rotating again', async () => {
      await Promise.all(reconcilers.splice(0).map((reconciler) => reconciler.stop()));
      const requester = await rotate();
      // What a reconciler cut off between the two steps leaves behind: rotation 2 applied, nothing recorded.
      const cutOff = await rotateProducerSecret(admin, tenant, clientId, 2);
      expect(cutOff.status).toBe('rotated');
      await start().caughtUp(tenant);
      const secret = await requester.open(
        (await issued()).find((found) => found.rotation === 2)!.sealedSecret,
      );
      expect(secret).toBe(cutOff.status === 'rotated' ? cutOff.secret : undefined);
      expect(await readProducerSecret(admin, tenant, clientId)).toBe(secret);
    });

    it('issues only the last of two requests made before the reconciler got to them', async () => {
      await Promise.all(reconcilers.splice(0).map((reconciler) => reconciler.stop()));
      const earlier = await rotate();
      const later = await rotate();
      await start().caughtUp(tenant);
      const found = await issued();
      expect(found.map((each) => each.rotation)).toEqual([1, 2, 4]);
      const secret = await later.open(found.at(-1)!.sealedSecret);
      expect(secret).toBe(await readProducerSecret(admin, tenant, clientId));
      await expect(earlier.open(found.at(-1)!.sealedSecret)).rejects.toThrow();
      expect((await history(tenant)).some((line) => line.includes('not issued for rotation 3'))).toBe(true);
    });
  });
});
