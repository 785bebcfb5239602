import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../net/free-port.js';
import { keycloakDistribution } from './keycloak-distribution.js';

/** A Keycloak server this process started and owns: dev mode, in-memory database, loopback only. */
export interface LocalKeycloak {
  readonly url: string;
  readonly adminUsername: string;
  /** Generated for this run: a local demo credential, never stored in the repository. */
  readonly adminPassword: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 240_000;

export async function startLocalKeycloak(log: (line: string) => void = () => {}): Promise<LocalKeycloak> {
  requireJava();
  const home = await keycloakDistribution(log);
  const [port, managementPort] = [await freePort(), await freePort()];
  const adminUsername = 'admin';
  const adminPassword = randomBytes(18).toString('base64url');
  const logDir = await mkdtemp(join(tmpdir(), 'chronicle-keycloak-'));
  const logFile = join(logDir, 'keycloak.log');
  const out = openSync(logFile, 'a');
  // Its own process group, so that stop() ends kc.sh and the JVM it starts together.
  const child = spawn(
    join(home, 'bin', 'kc.sh'),
    [
      'start-dev',
      `--http-port=${port}`,
      `--http-management-port=${managementPort}`,
      '--http-host=127.0.0.1',
      '--db=dev-mem',
    ],
    {
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        KC_BOOTSTRAP_ADMIN_USERNAME: adminUsername,
        KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
      },
    },
  );
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(logDir, { recursive: true, force: true });
  };
  try {
    log(`starting Keycloak on ${url} (log: ${logFile})`);
    await waitUntilReady(url, exited, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, adminUsername, adminPassword, pid: child.pid!, stop };
}

/** Ready when the master realm serves its OpenID configuration. */
async function waitUntilReady(url: string, exited: Promise<number | null>, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`Keycloak exited with code ${exitCode} while starting:\n${await tail(logFile)}`);
    }
    const response = await fetch(`${url}/realms/master/.well-known/openid-configuration`).catch(
      () => undefined,
    );
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Keycloak did not get ready within ${READY_TIMEOUT_MS / 1000} s:\n${await tail(logFile)}`);
}

async function tail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-30).join('\n');
}

function requireJava(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    throw new Error(
      'Java 17 or newer is needed to run Keycloak locally: install a JDK or JRE (e.g. `apt-get install ' +
        'openjdk-17-jre-headless`), or set KEYCLOAK_URL, KEYCLOAK_ADMIN_USERNAME and KEYCLOAK_ADMIN_PASSWORD ' +
        'to use a running Keycloak',
    );
  }
  const version = /version "(\d+)/.exec(java.stderr)?.[1];
  if (version && Number(version) < 17) {
    throw new Error(
      `Keycloak needs Java 17 or newer, found Java ${version}: install a newer JDK or set JAVA_HOME`,
    );
  }
}
