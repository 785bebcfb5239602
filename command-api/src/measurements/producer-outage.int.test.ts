import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentialsTokens, createProducer } from '@chronicle/producer';
import { useCommandApi, type TestTenant } from '../test-support/command-api-fixture.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const OUTAGE_MS = 30_000;
const fixture = useCommandApi();

/**
 * The producer against the command API as production runs it (its own process), killed with SIGKILL for
 * 30 s in the middle of a run and started again: every point generated is stored exactly once.
 */
describe('a producer run across a command API outage', () => {
  let acme: TestTenant;
  let spoolDir: string;
  let api: ChildProcess | undefined;
  const port = 20_000 + Math.floor(Math.random() * 20_000);

  beforeAll(async () => {
    acme = await fixture.createTenant('outage-acme');
    await Promise.all(['line-1', 'line-2', 'line-3'].map((id) => fixture.registerSource(acme, id)));
    spoolDir = await mkdtemp(join(tmpdir(), 'producer-spool-'));
  }, 120_000);
  afterAll(async () => {
    api?.kill('SIGKILL');
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
  });

  function startApi(): ChildProcess {
    return spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        DATABASE_URL: fixture.database.url,
        KEYCLOAK_URL: fixture.keycloakUrl,
        COMMAND_API_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  async function ready(): Promise<void> {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      if (
        await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the command API did not become ready');
  }

  it('stores every generated point exactly once (counts and checksum)', async () => {
    expect(existsSync(MAIN), 'command-api/dist/main.js: run `npm run build` first').toBe(true);
    api = startApi();
    await ready();
    const producer = await createProducer({
      apiUrl: `http://127.0.0.1:${port}`,
      tokens: clientCredentialsTokens({
        issuer: `${fixture.keycloakUrl}/realms/outage-acme`,
        clientId: acme.producer.clientId,
        clientSecret: acme.producer.clientSecret,
        allowHttp: true,
      }),
      spoolDir,
      batchSize: 50,
      flushMs: 50,
    });
    // A generator: 3 sources, distinct timestamps, values from the sequence.
    const generated: string[] = [];
    let sequence = 0;
    const base = Date.now() - 3_600_000;
    const generator = setInterval(() => {
      for (const sourceId of ['line-1', 'line-2', 'line-3']) {
        const t = base + sequence;
        const v = sequence / 4;
        producer.record(sourceId, t, v);
        generated.push(`${sourceId}:${t}:${v}`);
      }
      sequence++;
    }, 5);

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const killed = new Promise((resolve) => api!.once('exit', resolve));
    api.kill('SIGKILL');
    await killed;
    const sentBeforeOutage = producer.stats().sent;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const duringOutage = producer.stats();
    expect(duringOutage.spooled).toBeGreaterThan(0);
    api = startApi();
    await ready();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    clearInterval(generator);
    await producer.drain();
    await producer.close();

    expect(sentBeforeOutage).toBeGreaterThan(0);
    expect(producer.stats()).toMatchObject({ rejected: 0, spooled: 0, sent: generated.length });
    const { rows } = await fixture.sql.query<{ points: number; checksum: string }>(
      `SELECT count(*)::int AS points,
              md5(string_agg(data->>'sourceId' || ':' || (p->>'t') || ':' || (p->>'v'), ','
                             ORDER BY data->>'sourceId', (p->>'t')::bigint)) AS checksum
         FROM chronicle.events, jsonb_array_elements(data->'points') AS p
        WHERE tenant_id = 'outage-acme' AND event_type = 'MeasurementsRecorded'`,
    );
    const expected = generated
      .map((line) => line.split(':') as [string, string, string])
      .sort((a, b) => a[0].localeCompare(b[0]) || Number(a[1]) - Number(b[1]))
      .map(([sourceId, t, v]) => `${sourceId}:${t}:${v}`)
      .join(',');
    expect(rows[0]).toEqual({
      points: generated.length,
      checksum: createHash('md5').update(expected).digest('hex'),
    });
  }, 180_000);
});
