import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@chronicle/devstack';

const MAIN = fileURLToPath(new URL('../../../command-api/dist/main.js', import.meta.url));

export interface CommandApiProcess {
  url: string;
  stop(): Promise<void>;
}

/** The built command API in a process of its own, as it runs in production (no rate limit for the bench). */
export async function startCommandApiProcess(env: {
  databaseUrl: string;
  keycloakUrl: string;
}): Promise<CommandApiProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      KEYCLOAK_URL: env.keycloakUrl,
      COMMAND_API_PORT: String(port),
      COMMAND_API_RATE_LIMIT_BURST: '1000000000',
      COMMAND_API_RATE_LIMIT_PER_SECOND: '1000000000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`command API exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('command API not ready within 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
