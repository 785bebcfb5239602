import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../net/free-port.js';
import type { DevState } from '../state-file.js';

export interface RunningProduct {
  /** Its state file, as `npm start` wrote it. */
  state: DevState;
  /** The dashboard's origin, as Keycloak allows it. */
  uiUrl: string;
  commandApiUrl: string;
  login(username: string): { realm: string; username: string; password: string };
  /** What it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

// The built script, from the sources (tests) as from dist/ alike.
const startScript = fileURLToPath(new URL('../../dist/start.js', import.meta.url));

/**
 * The whole product, started the way `npm start` starts it (the built start script, so `npm run build`
 * first), on ports of its own so that it runs beside a developer's `npm start`; for browser tests and the
 * dashboard benchmark. With DATABASE_URL it gets a fresh database on that server, dropped afterwards;
 * without, the script runs a throwaway PostgreSQL. Keycloak is always its own (KEYCLOAK_URL is not passed
 * on): the dashboard's origin is a redirect URI of the platform and demo realms, and a shared Keycloak
 * would have them rewritten by every other run that bootstraps them. `label` names its temporary files
 * and database.
 */
export async function startProduct(label: string): Promise<RunningProduct> {
  const dir = await mkdtemp(join(tmpdir(), `chronicle-${label}-`));
  const stateFile = join(dir, 'state.json');
  const database = process.env.DATABASE_URL
    ? await createDatabase(process.env.DATABASE_URL, label)
    : undefined;
  const [commandApiPort, queryApiPort, uiPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const uiUrl = `http://localhost:${uiPort}`;
  const { KEYCLOAK_URL: _shared, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    CHRONICLE_STATE_FILE: stateFile,
    COMMAND_API_PORT: String(commandApiPort),
    QUERY_API_PORT: String(queryApiPort),
    UI_PORT: String(uiPort),
    CHRONICLE_UI_ORIGIN: uiUrl,
    ...(database ? { DATABASE_URL: database.url } : {}),
  };
  const child = spawn(process.execPath, [startScript], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(kill);
    }
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + 300_000;
    while (!existsSync(stateFile)) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start wrote no state file in 300 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as DevState;
    return {
      state,
      uiUrl: state.services.ui?.url ?? uiUrl,
      commandApiUrl: state.services['command-api']?.url ?? `http://127.0.0.1:${commandApiPort}`,
      login(username) {
        const found = state.demoLogins.find((login) => login.username === username);
        if (!found) throw new Error(`no demo login ${username}`);
        return found;
      },
      output: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createDatabase(
  serverUrl: string,
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `chronicle_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
