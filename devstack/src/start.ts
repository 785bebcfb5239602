import pg from 'pg';
import { migrate } from '@chronicle/eventstore';
import { bootstrapPlatform, connectKeycloakAdmin, PLATFORM_REALM } from '@chronicle/identity';
import { PLATFORM_DEMO_USERS, UI_ORIGIN } from './demo/demo-logins.js';
import { openKeycloakServer, type KeycloakServer } from './keycloak/keycloak-server.js';
import { openDatabaseServer, withDatabase, type DatabaseServer } from './postgres/database-server.js';
import { removeStateFile, writeStateFile, type DevState } from './state-file.js';

/**
 * `npm start`: the whole product on this machine. Today: the database (DATABASE_URL, or a throwaway local
 * PostgreSQL), migrated, and Keycloak (KEYCLOAK_URL, or a local one). Later issues add the services, the UI
 * and the demo tenant and producer. Ctrl-C stops everything it started and removes the state file.
 */
async function main(): Promise<void> {
  let server: DatabaseServer | undefined;
  let keycloak: KeycloakServer | undefined;
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await removeStateFile();
    await Promise.all([keycloak?.stop(), server?.stop()]);
    console.log('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    // Keycloak takes the longest to start: start it while the database comes up and migrates.
    const keycloakStarting = openKeycloakServer((line) => console.log(line));
    keycloakStarting.then((started) => (keycloak = started)).catch(() => {});
    server = await openDatabaseServer();
    const databaseUrl = server.local ? await createLocalDatabase(server.url, 'chronicle') : server.url;
    const applied = await migrate(databaseUrl);
    keycloak = await keycloakStarting;
    const admin = await connectKeycloakAdmin({
      url: keycloak.url,
      username: keycloak.adminUsername,
      password: keycloak.adminPassword,
    });
    await bootstrapPlatform(admin, { uiOrigins: [UI_ORIGIN], demoUsers: PLATFORM_DEMO_USERS });
    const demoLogins = PLATFORM_DEMO_USERS.map((user) => ({ realm: PLATFORM_REALM, ...user }));
    const state: DevState = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      database: {
        url: databaseUrl,
        local: server.local !== undefined,
        ...(server.local ? { pid: await server.local.pid() } : {}),
      },
      keycloak: {
        url: keycloak.url,
        adminUsername: keycloak.adminUsername,
        adminPassword: keycloak.adminPassword,
        local: keycloak.local !== undefined,
        ...(keycloak.local ? { pid: keycloak.local.pid } : {}),
      },
      demoLogins,
      services: {},
    };
    const stateFile = await writeStateFile(state);
    console.log(
      [
        'Chronicle is running.',
        `  database   ${databaseUrl}${server.local ? '  (local, throwaway)' : '  (DATABASE_URL)'}`,
        `  migrations ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`,
        `  keycloak   ${keycloak.url}/admin  (${keycloak.local ? 'local' : 'KEYCLOAK_URL'})`,
        `             admin login: ${keycloak.adminUsername} / ${keycloak.adminPassword}${keycloak.local ? '  (generated for this run)' : ''}`,
        ...demoLogins.map(
          (login) =>
            `  demo login ${login.username} / ${login.password}  (realm ${login.realm}, role ${login.roles.join(', ')}; local demo only)`,
        ),
        `  state      ${stateFile}`,
        'Press Ctrl-C to stop.',
      ].join('\n'),
    );
  } catch (error) {
    console.error(`npm start failed: ${(error as Error).message}`);
    await stop(1);
  }
}

async function createLocalDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, name);
}

await main();
