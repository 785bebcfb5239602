import { fileURLToPath } from 'node:url';
import { freePort, startServiceProcess, waitUntilReady, type ServiceProcess } from '@chronicle/devstack';

const entry = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export interface LiveServices {
  queryApiUrl: string;
  queryApi: ServiceProcess;
  stop(): Promise<void>;
}

/**
 * The read side as production runs it: the projector runner and the query API, each its own process.
 * Rate limits are lifted: the bench is one caller with thousands of subscriptions.
 */
export async function startLiveServices(env: {
  databaseUrl: string;
  keycloakUrl: string;
}): Promise<LiveServices> {
  const quiet = (line: string) => {
    if (/error|fatal/i.test(line)) console.error(line);
  };
  const projectors = startServiceProcess(
    'projectors',
    entry('projectors/dist/main.js'),
    { DATABASE_URL: env.databaseUrl, LOG_LEVEL: 'warn' },
    [],
    quiet,
  );
  const port = await freePort();
  const queryApi = startServiceProcess(
    'query-api',
    entry('query-api/dist/main.js'),
    {
      DATABASE_URL: env.databaseUrl,
      KEYCLOAK_URL: env.keycloakUrl,
      QUERY_API_PORT: String(port),
      QUERY_API_RATE_LIMIT_BURST: '1000000000',
      QUERY_API_RATE_LIMIT_PER_SECOND: '1000000000',
      LOG_LEVEL: 'warn',
    },
    [],
    quiet,
  );
  const queryApiUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${queryApiUrl}/readyz`);
  return {
    queryApiUrl,
    queryApi,
    async stop() {
      await Promise.all([queryApi.stop(), projectors.stop()]);
    },
  };
}

/** Resident memory of a process, from /proc (Linux). */
export async function residentBytes(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}
