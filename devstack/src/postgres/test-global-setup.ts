import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '@chronicle/eventstore';
import { migrateReadModels } from '@chronicle/projectors';
import { bootstrapPlatform, connectKeycloakAdmin } from '@chronicle/identity';
import { PLATFORM_DEMO_USERS, UI_ORIGIN } from '../demo/demo-logins.js';
import { openKeycloakServer, type KeycloakServer } from '../keycloak/keycloak-server.js';
import { openDatabaseServer, withDatabase } from './database-server.js';
import './provided-context.js';

/**
 * One PostgreSQL per test run (DATABASE_URL, or a local one started here) and one migrated template
 * database; every test file clones the template into a database of its own (see testing.ts). One Keycloak
 * per run too (KEYCLOAK_URL, or a local one), started alongside.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const keycloakStarting = openKeycloakServer();
  keycloakStarting.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  const server = await openDatabaseServer().catch(async (error: unknown) => {
    await keycloakStarting.then((keycloak) => keycloak.stop()).catch(() => {});
    throw error;
  });
  const template = `chronicle_template_${randomBytes(4).toString('hex')}`;
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`).finally(() => admin.end());
    await migrate(withDatabase(server.url, template));
    await migrateReadModels(withDatabase(server.url, template));
  } catch (error) {
    // No teardown runs after a failed setup: stop what we started before failing the run.
    await Promise.all([server.stop(), keycloakStarting.then((keycloak) => keycloak.stop()).catch(() => {})]);
    throw error;
  }
  let keycloak: KeycloakServer;
  try {
    keycloak = await keycloakStarting;
  } catch (error) {
    await server.stop();
    throw error;
  }
  try {
    // The test setup bootstraps the platform realm as `npm start` does, demo logins included.
    const admin = await connectKeycloakAdmin({
      url: keycloak.url,
      username: keycloak.adminUsername,
      password: keycloak.adminPassword,
    });
    await bootstrapPlatform(admin, { uiOrigins: [UI_ORIGIN], demoUsers: PLATFORM_DEMO_USERS });
  } catch (error) {
    await Promise.all([server.stop(), keycloak.stop()]);
    throw error;
  }
  project.provide('chronicleKeycloak', {
    url: keycloak.url,
    adminUsername: keycloak.adminUsername,
    adminPassword: keycloak.adminPassword,
  });
  project.provide('chronicleServerUrl', server.url);
  project.provide('chronicleTemplateDatabase', template);
  return async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).finally(() => client.end());
    await Promise.all([server.stop(), keycloak.stop()]);
  };
}
