import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * One of Chronicle's services run from its built entry point, as production runs it: its own process, its
 * configuration in the environment. Its output lines are prefixed with its name; it is stopped with SIGTERM
 * (SIGKILL after a grace period), and killed with this process if that dies first.
 */
export function startServiceProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  args: readonly string[] = [],
  print: (line: string) => void = (line) => console.log(line),
): ServiceProcess {
  const child = spawn(process.execPath, [entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => print(`[${name}] ${line}`));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  return {
    name,
    pid: child.pid!,
    async stop() {
      process.off('exit', orphanGuard);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const grace = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(grace);
    },
  };
}

/** Resolves once `url` answers 2xx; fails if that takes longer than `timeoutMs`. */
export async function waitUntilReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
