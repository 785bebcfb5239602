#!/usr/bin/env node
import { commandApiConfigFromEnv, type CommandApiConfig } from './app/command-api-config.js';
import { createCommandApi } from './app/create-command-api.js';

let config: CommandApiConfig;
try {
  config = commandApiConfigFromEnv();
} catch (error) {
  console.error(`command-api: ${(error as Error).message}`);
  process.exit(2);
}
const api = await createCommandApi(config).catch((error: unknown) => {
  console.error(`command-api: cannot start: ${(error as Error).message}`);
  process.exit(1);
});
api.app
  .getHttpAdapter()
  .getInstance()
  .log.info(`command API listening on ${api.url} (docs at ${api.url}/api/docs)`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    // Stop taking requests, finish those in flight, then release the database.
    api.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
