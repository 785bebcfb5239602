import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, expect } from 'vitest';

/**
 * Runner processes of a crash test: `start` spawns the built entry point `main` with `env` (read at each
 * start), `stop` sends a signal and waits for the exit; whatever still runs when the file ends is killed.
 */
export function useRunnerProcesses(main: string, env: () => Record<string, string>) {
  const children = new Set<ChildProcess>();
  afterAll(() => children.forEach((child) => child.kill('SIGKILL')));
  return {
    start(): ChildProcess {
      expect(existsSync(main), `${main}: run \`npm run build\` first`).toBe(true);
      const child = spawn(process.execPath, [main], {
        env: { ...process.env, ...env() },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    async stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}
