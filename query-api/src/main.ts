#!/usr/bin/env node
import { queryApiConfigFromEnv, type QueryApiConfig } from './app/query-api-config.js';
import { createQueryApi } from './app/create-query-api.js';

let config: QueryApiConfig;
try {
  config = queryApiConfigFromEnv();
} catch (error) {
  console.error(`query-api: ${(error as Error).message}`);
  process.exit(2);
}
const api = await createQueryApi(config).catch((error: unknown) => {
  console.error(`query-api: cannot start: ${(error as Error).message}`);
  process.exit(1);
});
console.log(
  `query API listening on ${api.url}/graphql (WebSocket ${api.url.replace(/^http/, 'ws')}/graphql)`,
);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    // Stop taking requests and sockets, finish those in flight, then release the database.
    api.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
