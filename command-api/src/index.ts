export { createCommandApi, type CommandApi } from './app/create-command-api.js';
export { commandApiConfigFromEnv, type CommandApiConfig } from './app/command-api-config.js';
