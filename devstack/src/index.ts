export {
  startLocalPostgres,
  type LocalPostgres,
  type LocalPostgresOptions,
} from './postgres/local-postgres.js';
export { openDatabaseServer, withDatabase, type DatabaseServer } from './postgres/database-server.js';
export { freePort } from './net/free-port.js';
export { openKeycloakServer, type KeycloakServer } from './keycloak/keycloak-server.js';
export { startLocalKeycloak, type LocalKeycloak } from './keycloak/local-keycloak.js';
export { KEYCLOAK_VERSION, keycloakDistribution } from './keycloak/keycloak-distribution.js';
export { PLATFORM_DEMO_USERS, UI_ORIGIN } from './demo/demo-logins.js';
export { startServiceProcess, waitUntilReady, type ServiceProcess } from './services/service-process.js';
export { startProduct, type RunningProduct } from './product/product-process.js';
export type { DevState } from './state-file.js';
