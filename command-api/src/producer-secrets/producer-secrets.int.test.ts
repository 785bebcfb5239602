import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSecretRecipient, type SecretRecipient } from '@chronicle/identity/testing';
import { createCommandApi } from '../app/create-command-api.js';
import { eventually, useCommandApi, type TestTenant } from '../test-support/command-api-fixture.js';

const fixture = useCommandApi();

interface SecretRotationBody {
  tenantId: string;
  clientId: string;
  rotation: number;
  version: number;
  status: string;
  sealedSecret?: string;
  reason?: string;
  /** Of a problem document. */
  field?: string;
  code?: string;
}

/**
 * A tenant admin rotates a producer's secret through the command API, which has no Keycloak rights: the
 * realm reconciler rotates it and records it sealed with the admin's public key. Real Keycloak, real
 * PostgreSQL.
 */
describe('producer secret rotation', () => {
  let acme: TestTenant;
  let other: TestTenant;
  let recipient: SecretRecipient;
  const rotatePath = (clientId: string) => `/api/producer-clients/${clientId}/rotate-secret`;
  const rotationPath = (clientId: string, rotation: number) =>
    `/api/producer-clients/${clientId}/secret-rotations/${rotation}`;
  const rotate = (body: unknown, options: { token?: string; key?: string; clientId?: string } = {}) =>
    fixture.request<SecretRotationBody>('POST', rotatePath(options.clientId ?? acme.producer.clientId), {
      token: options.token ?? acme.admin.token,
      body,
      ...(options.key === undefined ? {} : { key: options.key }),
    });
  const tokenWith = (secret: string) =>
    fixture.clientCredentialsToken(acme.tenantId, acme.producer.clientId, secret);
  /** Every table of the database whose rows, as text, contain `text` (the superuser sees past row security). */
  const tablesHolding = async (text: string) => {
    const { rows: tables } = await fixture.sql.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.map((table) => table.name)).toContain('chronicle.events');
    const holding: string[] = [];
    for (const { name } of tables) {
      const { rows } = await fixture.sql.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${name} AS row WHERE strpos(row::text, $1) > 0`,
        [text],
      );
      if (Number(rows[0]!.n) > 0) holding.push(name);
    }
    return holding;
  };

  beforeAll(async () => {
    // A shared Keycloak keeps realms between runs, and rotations are numbered per log from 1.
    for (const realm of ['sec-acme', 'sec-other']) {
      if (await fixture.keycloak.realms.findOne({ realm })) await fixture.keycloak.realms.del({ realm });
    }
    acme = await fixture.createTenant('sec-acme');
    other = await fixture.createTenant('sec-other');
    recipient = await makeSecretRecipient();
  }, 240_000);

  it('issues the new secret sealed for the requester: it gets tokens, the old one no longer does', async () => {
    const answer = await rotate({ publicKey: recipient.publicKey });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({
      tenantId: 'sec-acme',
      clientId: acme.producer.clientId,
      rotation: 1,
      status: 'issued',
    });
    const secret = await recipient.open(answer.body.sealedSecret!);
    expect(secret).not.toBe(acme.producer.clientSecret);
    const token = await tokenWith(secret);
    await expect(tokenWith(acme.producer.clientSecret)).rejects.toThrow();
    // The new secret's token writes measurements like the old one's did.
    await fixture.registerSource(acme, 'sec-meter-1');
    const written = await fixture.request('POST', '/api/messages', {
      token,
      body: { sourceId: 'sec-meter-1', points: [{ t: Date.now() - 1000, v: 1 }] },
    });
    expect(written.status).toBe(202);

    // Neither the log nor any other table holds it; the log holds only what the requester can open.
    expect(await tablesHolding(secret)).toEqual([]);
    const { rows } = await fixture.sql.query<{ data: { sealedSecret: string } }>(
      `SELECT data FROM chronicle.events WHERE tenant_id = 'sec-acme' AND event_type = 'ProducerSecretIssued'`,
    );
    expect(rows.map((row) => row.data.sealedSecret)).toEqual([answer.body.sealedSecret]);

    const again = await fixture.request<SecretRotationBody>('GET', rotationPath(acme.producer.clientId, 1), {
      token: acme.admin.token,
    });
    expect(again).toMatchObject({ status: 200, body: answer.body });
    acme.producer.clientSecret = secret;
  });

  it('answers a retry with the same Idempotency-Key with that rotation, rotating nothing more', async () => {
    const key = crypto.randomUUID();
    const first = await rotate({ publicKey: recipient.publicKey }, { key });
    expect(first.body).toMatchObject({ rotation: 2, status: 'issued' });
    const events = await fixture.eventCount();
    const retry = await rotate({ publicKey: recipient.publicKey }, { key });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await fixture.eventCount()).toBe(events);
    const secret = await recipient.open(retry.body.sealedSecret!);
    await expect(tokenWith(secret)).resolves.toBeTypeOf('string');
    acme.producer.clientSecret = secret;
  });

  it('refuses a malformed, wrong or weak public key with a 4xx naming the field, and appends nothing', async () => {
    const publicKey = recipient.publicKey;
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const owned = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const cases: [string, unknown, number, string, string?][] = [
      ['no key', {}, 422, 'publicKey'],
      ['a key that is text', { publicKey: 'MIIBIjANBgkqhkiG9w0BAQEFAAOC' }, 422, 'publicKey'],
      ['an unknown member', { publicKey, note: 'x' }, 422, 'note'],
      ['an EC key', { publicKey: { ...publicKey, kty: 'EC' } }, 422, 'publicKey.kty', 'PUBLIC_KEY_INVALID'],
      [
        'RSA-OAEP with SHA-1',
        { publicKey: { ...publicKey, alg: 'RSA-OAEP' } },
        422,
        'publicKey.alg',
        'PUBLIC_KEY_INVALID',
      ],
      ['no alg', { publicKey: { ...publicKey, alg: undefined } }, 422, 'publicKey.alg'],
      ['exponent 3', { publicKey: { ...publicKey, e: 'Aw' } }, 422, 'publicKey.e', 'PUBLIC_KEY_INVALID'],
      ['a modulus that is not base64url', { publicKey: { ...publicKey, n: 'ab+/cd==' } }, 422, 'publicKey.n'],
      [
        'a 1024-bit key',
        { publicKey: { ...weak, alg: 'RSA-OAEP-256' } },
        422,
        'publicKey.n',
        'PUBLIC_KEY_TOO_SMALL',
      ],
      ['a private key', { publicKey: { ...owned, alg: 'RSA-OAEP-256' } }, 422, 'publicKey.d'],
    ];
    const events = await fixture.eventCount();
    for (const [what, body, status, field, code] of cases) {
      const answer = await rotate(body);
      expect({ what, status: answer.status, field: answer.body.field }).toEqual({ what, status, field });
      if (code) expect(answer.body.code).toBe(code);
    }
    const malformed = await fixture.request('POST', rotatePath(acme.producer.clientId), {
      token: acme.admin.token,
      rawBody: '{"publicKey": ',
    });
    expect(malformed).toMatchObject({ status: 400, body: { field: 'body' } });
    expect(await rotate({ publicKey }, { clientId: 'Not_A_Client' })).toMatchObject({
      status: 422,
      body: { field: 'clientId' },
    });
    expect(await rotate({ publicKey }, { clientId: 'sec-acme-nobody' })).toMatchObject({
      status: 404,
      body: { code: 'PRODUCER_CLIENT_NOT_FOUND' },
    });
    const unknownRotation = await fixture.request('GET', rotationPath(acme.producer.clientId, 99), {
      token: acme.admin.token,
    });
    expect(unknownRotation).toMatchObject({ status: 404, body: { code: 'SECRET_ROTATION_NOT_FOUND' } });
    const badRotation = await fixture.request('GET', rotationPath(acme.producer.clientId, 0), {
      token: acme.admin.token,
    });
    expect(badRotation).toMatchObject({ status: 422, body: { field: 'rotation' } });
    expect(await fixture.eventCount()).toBe(events);
  });

  it('lets only a tenant admin of the tenant rotate a secret or read a rotation', async () => {
    const body = { publicKey: recipient.publicKey };
    const producerToken = await tokenWith(acme.producer.clientSecret);
    for (const token of [acme.viewer.token, producerToken]) {
      expect((await rotate(body, { token })).status).toBe(403);
      const read = await fixture.request('GET', rotationPath(acme.producer.clientId, 1), { token });
      expect(read.status).toBe(403);
    }
    expect((await fixture.request('POST', rotatePath(acme.producer.clientId), { body })).status).toBe(401);
    // Another tenant's admin reaches only their own tenant, which has no such client.
    expect(await rotate(body, { token: other.admin.token })).toMatchObject({
      status: 404,
      body: { code: 'PRODUCER_CLIENT_NOT_FOUND' },
    });
    const read = await fixture.request('GET', rotationPath(acme.producer.clientId, 1), {
      token: other.admin.token,
    });
    expect(read).toMatchObject({ status: 404, body: { code: 'SECRET_ROTATION_NOT_FOUND' } });
    await expect(tokenWith(acme.producer.clientSecret)).resolves.toBeTypeOf('string');
  });

  it('answers 202 with a Location while the secret is not issued, and that GET gives it once it is', async () => {
    // Nothing issues secrets meanwhile, and an API that does not wait answers at once.
    await fixture.reconciler.stop();
    const impatient = await createCommandApi({ ...fixture.config, secretRotationWaitMs: 0 });
    try {
      const response = await fetch(`${impatient.url}${rotatePath(acme.producer.clientId)}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${acme.admin.token}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify({ publicKey: recipient.publicKey }),
      });
      expect(response.status).toBe(202);
      const pending = (await response.json()) as SecretRotationBody;
      expect(pending).toMatchObject({ rotation: 3, status: 'pending' });
      expect(pending.sealedSecret).toBeUndefined();
      const location = response.headers.get('location');
      expect(location).toBe(rotationPath(acme.producer.clientId, 3));
      const meanwhile = await fixture.request<SecretRotationBody>('GET', location!, {
        token: acme.admin.token,
      });
      expect(meanwhile.body).toEqual(pending);
    } finally {
      await impatient.close();
      fixture.startReconciler();
    }
    let issued: SecretRotationBody | undefined;
    await eventually(async () => {
      const answer = await fixture.request<SecretRotationBody>(
        'GET',
        rotationPath(acme.producer.clientId, 3),
        { token: acme.admin.token },
      );
      expect(answer.body.status).toBe('issued');
      issued = answer.body;
    }, 60_000);
    const secret = await recipient.open(issued!.sealedSecret!);
    await expect(tokenWith(secret)).resolves.toBeTypeOf('string');
    await expect(tokenWith(acme.producer.clientSecret)).rejects.toThrow();
    expect(await tablesHolding(secret)).toEqual([]);
  });
});
