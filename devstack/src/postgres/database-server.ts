import { startLocalPostgres, type LocalPostgres } from './local-postgres.js';

/** The PostgreSQL server a run uses: the one DATABASE_URL names, or a throwaway local one. */
export interface DatabaseServer {
  /** URL of a user allowed to create databases and roles (the owner of the schema it migrates). */
  readonly url: string;
  /** Present when this process started the server. */
  readonly local?: LocalPostgres;
  stop(): Promise<void>;
}

export async function openDatabaseServer(onLog?: (line: string) => void): Promise<DatabaseServer> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };
  const local = await startLocalPostgres(onLog ? { onLog } : {});
  return { url: local.url, local, stop: () => local.stop() };
}

/** The same server URL, pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
