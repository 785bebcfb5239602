export { createQueryApi, type QueryApi } from './app/create-query-api.js';
export { queryApiConfigFromEnv, type QueryApiConfig } from './app/query-api-config.js';
export type { SessionClock } from './auth/session-clock.js';
export { TOKEN_EXPIRED_CLOSE_CODE } from './auth/socket-session.js';
export { TOKEN_REFUSED_CLOSE_CODE } from './websocket/graphql-ws-server.js';
export { SCHEMA_FILE } from './graphql/load-schema.js';
export type * from './graphql/schema-types.generated.js';
