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

  it('starts a database and Keycloak, writes its state file, and stops cleanly on SIGINT with nothing left running', async () => {
    dir = await mkdtemp(join(tmpdir(), 'chronicle-start-'));
    const stateFile = join(dir, 'state.json');
    // As a newcomer runs it: no DATABASE_URL, so it starts its own PostgreSQL.
    const { DATABASE_URL: _unset, KEYCLOAK_URL: _unsetToo, ...inherited } = process.env;
    const env = { ...inherited, CHRONICLE_STATE_FILE: stateFile };
    const child = spawn(process.execPath, [startScript], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

      const client = new pg.Client({ connectionString: state.database.url });
      await client.connect();
      const { rows } = await client.query('SELECT count(*)::int AS n FROM chronicle.events');
      await client.end();
      expect(rows).toEqual([{ n: 0 }]);
      expect(isRunning(state.database.pid!)).toBe(true);

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
      expect(state.demoLogins.map((login) => login.username)).toEqual(['platform-admin', 'ops']);
      const realm = await fetch(`${state.keycloak.url}/realms/platform/.well-known/openid-configuration`);
      expect(realm.status).toBe(200);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(existsSync(stateFile)).toBe(false);
      expect(isRunning(state.database.pid!)).toBe(false);
      expect(isRunning(-state.keycloak.pid!)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
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
