export {
  startLocalPostgres,
  type LocalPostgres,
  type LocalPostgresOptions,
} from './postgres/local-postgres.js';
export { openDatabaseServer, withDatabase, type DatabaseServer } from './postgres/database-server.js';
export { freePort } from './net/free-port.js';
