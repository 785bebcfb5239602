import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { upcastDomainEvent } from '@chronicle/domain';
import { START, createEventStore, migrate, type EventStore } from '@chronicle/eventstore';
import { migrateReadModels } from '@chronicle/projectors';
import { bootstrapPlatform, connectKeycloakAdmin, PLATFORM_REALM } from '@chronicle/identity';
import { PLATFORM_DEMO_USERS, UI_ORIGIN } from './demo/demo-logins.js';
import {
  DEMO_PRODUCER_CLIENT,
  DEMO_SOURCES,
  DEMO_TENANT,
  DEMO_TENANT_USERS,
  ensureDemoTenant,
} from './demo/demo-tenant.js';
import { openKeycloakServer, type KeycloakServer } from './keycloak/keycloak-server.js';
import { openDatabaseServer, withDatabase, type DatabaseServer } from './postgres/database-server.js';
import { startServiceProcess, waitUntilReady, type ServiceProcess } from './services/service-process.js';
import { removeStateFile, writeStateFile, type DevState } from './state-file.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Set in the supervisor's environment: the process that does the work (see superviseInOwnProcessGroup). */
const SUPERVISOR = 'CHRONICLE_START_SUPERVISOR';
/** The reconciler's checkpoint name (its default consumer). */
const REALM_RECONCILER = 'realm-reconciler';
const ENTRIES = {
  realmReconciler: resolve(root, 'identity/dist/reconciler/reconciler-main.js'),
  commandApi: resolve(root, 'command-api/dist/main.js'),
  queryApi: resolve(root, 'query-api/dist/main.js'),
  projectors: resolve(root, 'projectors/dist/main.js'),
  demoProducer: resolve(root, 'producer/dist/cli.js'),
  // The dashboard is served as built (ui/dist) by `vite preview`, which also proxies its APIs.
  ui: resolve(root, 'node_modules/vite/bin/vite.js'),
};

/**
 * `npm start`: the whole product on this machine. The database (DATABASE_URL, or a throwaway local
 * PostgreSQL), migrated; Keycloak (KEYCLOAK_URL, or a local one) with the platform realm; the realm
 * reconciler, the projectors, the command API and the query API, each a process of its own; the demo tenant with its users, sources and
 * producer client; and the demo producer streaming simulated measurements. Ctrl-C stops everything it
 * started and removes the state file.
 */
async function main(): Promise<void> {
  let server: DatabaseServer | undefined;
  let keycloak: KeycloakServer | undefined;
  let store: EventStore | undefined;
  const services: ServiceProcess[] = [];
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await removeStateFile();
    // The producer first (it spools what it has), then the services, then what they depend on.
    for (const service of [...services].reverse()) await service.stop();
    await store?.close();
    await Promise.all([keycloak?.stop(), server?.stop()]);
    console.log('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // The process that started this one is gone (killed): nothing is left to stop everything, so stop now.
  process.on('disconnect', () => void stop(0));

  try {
    // Keycloak takes the longest to start: start it while the database comes up and migrates.
    const keycloakStarting = openKeycloakServer((line) => console.log(line));
    keycloakStarting.then((started) => (keycloak = started)).catch(() => {});
    server = await openDatabaseServer();
    const databaseUrl = server.local ? await createLocalDatabase(server.url, 'chronicle') : server.url;
    const applied = [...(await migrate(databaseUrl)), ...(await migrateReadModels(databaseUrl))];
    keycloak = await keycloakStarting;
    const keycloakLogin = {
      url: keycloak.url,
      username: keycloak.adminUsername,
      password: keycloak.adminPassword,
    };
    const admin = await connectKeycloakAdmin(keycloakLogin);
    await bootstrapPlatform(admin, { uiOrigins: [UI_ORIGIN], demoUsers: PLATFORM_DEMO_USERS });

    store = createEventStore({ connectionString: databaseUrl, upcast: upcastDomainEvent });
    if (keycloak.local) {
      // A local Keycloak keeps nothing between runs, while the database may (DATABASE_URL): replay every
      // tenant event into the fresh Keycloak. The reconciler converges, so a replay repeats nothing else.
      await store.checkpoints.save(REALM_RECONCILER, START);
    }
    const common = { DATABASE_URL: databaseUrl, KEYCLOAK_URL: keycloak.url };
    services.push(
      startServiceProcess('realm-reconciler', ENTRIES.realmReconciler, {
        ...common,
        KEYCLOAK_ADMIN_USERNAME: keycloak.adminUsername,
        KEYCLOAK_ADMIN_PASSWORD: keycloak.adminPassword,
        CHRONICLE_UI_ORIGIN: UI_ORIGIN,
      }),
    );
    services.push(startServiceProcess('projectors', ENTRIES.projectors, { DATABASE_URL: databaseUrl }));
    const commandApiPort = process.env.COMMAND_API_PORT ?? '4000';
    const commandApiUrl = `http://127.0.0.1:${commandApiPort}`;
    services.push(
      startServiceProcess('command-api', ENTRIES.commandApi, { ...common, COMMAND_API_PORT: commandApiPort }),
    );
    const queryApiPort = process.env.QUERY_API_PORT ?? '4001';
    const queryApiUrl = `http://127.0.0.1:${queryApiPort}`;
    services.push(
      startServiceProcess('query-api', ENTRIES.queryApi, {
        ...common,
        QUERY_API_PORT: queryApiPort,
        CHRONICLE_UI_ORIGIN: UI_ORIGIN,
      }),
    );
    await waitUntilReady(`${commandApiUrl}/readyz`);
    await waitUntilReady(`${queryApiUrl}/readyz`);

    const { producerSecret } = await ensureDemoTenant(store, admin);
    services.push(
      startServiceProcess(
        'demo-producer',
        ENTRIES.demoProducer,
        {
          CHRONICLE_API_URL: commandApiUrl,
          CHRONICLE_ISSUER: `${keycloak.url}/realms/${DEMO_TENANT}`,
          CHRONICLE_CLIENT_ID: DEMO_PRODUCER_CLIENT,
          CHRONICLE_CLIENT_SECRET: producerSecret,
          CHRONICLE_SPOOL_DIR: resolve(root, '.chronicle/demo-producer-spool'),
        },
        ['--simulate', '--sources', String(DEMO_SOURCES.length), '--rate', '10', '--allow-http'],
      ),
    );

    // The dashboard: one origin for the browser, proxying /api and /graphql to the services.
    const uiPort = process.env.UI_PORT ?? (new URL(UI_ORIGIN).port || '5173');
    const ui = startServiceProcess(
      'ui',
      ENTRIES.ui,
      {
        UI_PORT: uiPort,
        KEYCLOAK_URL: keycloak.url,
        CHRONICLE_COMMAND_API_URL: commandApiUrl,
        CHRONICLE_QUERY_API_URL: queryApiUrl,
      },
      ['preview', resolve(root, 'ui')],
    );
    services.push(ui);
    await waitUntilReady(`${UI_ORIGIN}/config.json`);

    const demoLogins = [
      ...PLATFORM_DEMO_USERS.map((user) => ({ realm: PLATFORM_REALM, ...user })),
      ...DEMO_TENANT_USERS.map(({ username, password, role }) => ({
        realm: DEMO_TENANT,
        username,
        password,
        roles: [role],
      })),
    ];
    const [reconciler, projectors, commandApi, queryApi, producer] = services;
    const state: DevState = {
      // The process `npm start` runs, which hands its signals on to this one.
      pid: process.ppid,
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
      services: {
        'realm-reconciler': { pid: reconciler!.pid },
        projectors: { pid: projectors!.pid },
        'command-api': { pid: commandApi!.pid, url: commandApiUrl },
        'query-api': { pid: queryApi!.pid, url: `${queryApiUrl}/graphql` },
        'demo-producer': { pid: producer!.pid },
        ui: { pid: ui.pid, url: UI_ORIGIN },
      },
    };
    const stateFile = await writeStateFile(state);
    console.log(
      [
        'Chronicle is running.',
        `  database    ${databaseUrl}${server.local ? '  (local, throwaway)' : '  (DATABASE_URL)'}`,
        `  migrations  ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`,
        `  keycloak    ${keycloak.url}/admin  (${keycloak.local ? 'local' : 'KEYCLOAK_URL'})`,
        `              admin login: ${keycloak.adminUsername} / ${keycloak.adminPassword}${keycloak.local ? '  (generated for this run)' : ''}`,
        `  command API ${commandApiUrl}  (OpenAPI UI ${commandApiUrl}/api/docs)`,
        `  query API   ${queryApiUrl}/graphql  (GraphQL over HTTP and graphql-ws)`,
        `  dashboard   ${UI_ORIGIN}/t/${DEMO_TENANT}/  (operators: ${UI_ORIGIN}/t/${PLATFORM_REALM}/)`,
        `  producer    ${DEMO_PRODUCER_CLIENT} streaming ${DEMO_SOURCES.join(', ')} into tenant ${DEMO_TENANT}`,
        ...demoLogins.map(
          (login) =>
            `  demo login  ${login.username} / ${login.password}  (realm ${login.realm}, role ${login.roles.join(', ')}; local demo only)`,
        ),
        `  state       ${stateFile}`,
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

/**
 * Ctrl-C in a terminal signals the whole foreground process group: the local PostgreSQL and the services
 * would each stop at once, the database under services still using it. So the work runs in a process
 * group of its own (this script again, as the supervisor), and this process only hands it the signal:
 * everything then stops in order, the producer, the services, Keycloak and the database last.
 */
function superviseInOwnProcessGroup(): void {
  const supervisor = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    detached: true,
    env: { ...process.env, [SUPERVISOR]: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const handOn = () => supervisor.kill('SIGINT');
  process.on('SIGINT', handOn);
  process.on('SIGTERM', handOn);
  supervisor.on('exit', (code) => process.exit(code ?? 1));
}

if (process.env[SUPERVISOR] === '1') await main();
else superviseInOwnProcessGroup();
