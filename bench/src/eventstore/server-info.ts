import { adminQuery } from './fresh-database.js';

/** The server a run measured, and the settings that decide commit speed. */
export interface ServerInfo {
  /** `embedded` when this process started a throwaway server; `DATABASE_URL` when it was given one. */
  kind: 'embedded' | 'DATABASE_URL';
  /** host:port, never credentials. */
  address: string;
  version: string;
  settings: Record<string, string>;
}

const SETTINGS = [
  'fsync',
  'synchronous_commit',
  'wal_sync_method',
  'full_page_writes',
  'commit_delay',
  'shared_buffers',
  'max_wal_size',
  'max_connections',
];

export async function describeServer(url: string, kind: ServerInfo['kind']): Promise<ServerInfo> {
  const [version] = await adminQuery<{ server_version: string }>(url, 'SHOW server_version');
  const rows = await adminQuery<{ name: string; setting: string }>(
    url,
    `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY ($1) ORDER BY name`,
    [SETTINGS],
  );
  const parsed = new URL(url);
  return {
    kind,
    address: `${parsed.hostname}:${parsed.port || '5432'}`,
    version: version?.server_version ?? 'unknown',
    settings: Object.fromEntries(rows.map((row) => [row.name, row.setting])),
  };
}
