import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What `npm start` is running, for tests and scripts to read. Removed when it stops. */
export interface DevState {
  /** Process id of the process `npm start` runs: send it SIGINT or SIGTERM to stop everything. */
  pid: number;
  startedAt: string;
  database: {
    url: string;
    /** True when `npm start` started this server itself (no DATABASE_URL). */
    local: boolean;
    /** Process id of the PostgreSQL server, when local. */
    pid?: number;
  };
  keycloak: {
    url: string;
    /** Admin login: generated per run for a local Keycloak (local demo credentials). */
    adminUsername: string;
    adminPassword: string;
    /** True when `npm start` started this server itself (no KEYCLOAK_URL). */
    local: boolean;
    /** Process (group) id of the Keycloak server, when local. */
    pid?: number;
  };
  /** Local demo logins created for this run (realm, username, password, roles). */
  demoLogins: { realm: string; username: string; password: string; roles: readonly string[] }[];
  /** Services by name: process id, and the URL of those that listen. */
  services: Record<string, { pid: number; url?: string }>;
}

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `CHRONICLE_STATE_FILE`, or `.chronicle/state.json` at the repository root. */
export function stateFilePath(): string {
  return process.env.CHRONICLE_STATE_FILE ?? resolve(repositoryRoot, '.chronicle/state.json');
}

export async function writeStateFile(state: DevState): Promise<string> {
  const path = stateFilePath();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`);
  return path;
}

export async function removeStateFile(): Promise<void> {
  await rm(stateFilePath(), { force: true });
}
