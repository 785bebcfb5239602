import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { DevState } from './state-file.js';

const startScript = fileURLToPath(new URL('../dist/start.js', import.meta.url));

/** `npm start` as a newcomer runs it (built first by `npm test`): no DATABASE_URL, then Ctrl-C. */
describe('npm start', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts the database, Keycloak, the services and the demo tenant, writes its state file, and stops cleanly and in order on Ctrl-C with nothing left running', async () => {
    dir = await mkdtemp(join(tmpdir(), 'chronicle-start-'));
    const stateFile = join(dir, 'state.json');
    // As a newcomer runs it: no DATABASE_URL, so it starts its own PostgreSQL.
    const { DATABASE_URL: _unset, KEYCLOAK_URL: _unsetToo, ...inherited } = process.env;
    const env = { ...inherited, CHRONICLE_STATE_FILE: stateFile };
    // A process group of its own, as a terminal runs a foreground job, so that Ctrl-C can be sent as a
    // terminal sends it: to the whole group.
    const child = spawn(process.execPath, [startScript], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 300_000;
      while (!existsSync(stateFile)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no state file; output:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as DevState;
      expect(state.pid).toBe(child.pid);
      expect(state.database.local).toBe(true);
      expect(output).toContain(state.database.url);

      expect(isRunning(state.database.pid!)).toBe(true);
      // The demo tenant was made through commands, and its realm provisioned by the reconciler.
      const client = new pg.Client({ connectionString: state.database.url });
      await client.connect();
      const { rows } = await client.query<{ event_type: string }>(
        `SELECT DISTINCT event_type FROM chronicle.events WHERE tenant_id = 'demo' ORDER BY 1`,
      );
      // The projectors fold them into the read models.
      const projected = Date.now() + 30_000;
      let catalogued: unknown[] = [];
      while (catalogued.length < 5 && Date.now() < projected) {
        catalogued = (
          await client.query(
            `SELECT source_id FROM chronicle_read.sources WHERE tenant_id = 'demo' ORDER BY 1`,
          )
        ).rows;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // The demo producer streams, and the projectors fold its points into the time series.
      let streamed = 0;
      while (streamed === 0 && Date.now() < projected) {
        const { rows: counted } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM chronicle_read.points WHERE tenant_id = 'demo'`,
        );
        streamed = counted[0]!.n;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await client.end();
      expect(streamed).toBeGreaterThan(0);
      expect(catalogued).toEqual(
        ['sim-0', 'sim-1', 'sim-2', 'sim-3', 'sim-4'].map((source_id) => ({ source_id })),
      );
      expect(rows.map((row) => row.event_type)).toEqual(
        expect.arrayContaining([
          'TenantRegistered',
          'RealmProvisioned',
          'SourceRegistered',
          'ProducerClientRegistered',
        ]),
      );
      const commandApi = state.services['command-api']!;
      expect((await fetch(`${commandApi.url}/readyz`)).status).toBe(200);
      expect(output).toContain(`${commandApi.url}/api/docs`);
      const services = Object.values(state.services);
      expect(services.every((service) => isRunning(service.pid))).toBe(true);
      const demoRealm = await fetch(`${state.keycloak.url}/realms/demo/.well-known/openid-configuration`);
      expect(demoRealm.status).toBe(200);

      expect(state.keycloak.local).toBe(true);
      const granted = await fetch(`${state.keycloak.url}/realms/master/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'admin-cli',
          username: state.keycloak.adminUsername,
          password: state.keycloak.adminPassword,
        }),
      });
      expect(granted.status).toBe(200);
      // The platform realm was bootstrapped, with its demo logins.
      expect(state.demoLogins.map((login) => `${login.realm}/${login.username}`)).toEqual([
        'platform/platform-admin',
        'platform/ops',
        'demo/demo-admin',
        'demo/demo-viewer',
        'demo/demo-auditor',
      ]);
      const realm = await fetch(`${state.keycloak.url}/realms/platform/.well-known/openid-configuration`);
      expect(realm.status).toBe(200);

      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      // In order: no service saw the database go away under it while stopping.
      const stopping = output.slice(output.indexOf('stopping…'));
      expect(stopping).toContain('stopped');
      expect(stopping).not.toContain('terminating connection');
      expect(existsSync(stateFile)).toBe(false);
      expect(isRunning(state.database.pid!)).toBe(false);
      expect(isRunning(-state.keycloak.pid!)).toBe(false);
      expect(services.some((service) => isRunning(service.pid))).toBe(false);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
