#!/usr/bin/env node
/**
 * The realm reconciler as a process of its own (one per deployment): follows tenant events and brings
 * Keycloak to what they say. Configuration from the environment: DATABASE_URL, KEYCLOAK_URL,
 * KEYCLOAK_ADMIN_USERNAME, KEYCLOAK_ADMIN_PASSWORD, CHRONICLE_UI_ORIGIN (comma-separated origins).
 */
import { upcastDomainEvent } from '@chronicle/domain';
import { createEventStore } from '@chronicle/eventstore';
import { startRealmReconciler } from './realm-reconciler.js';

const log = (level: 'info' | 'warn' | 'error', msg: string, more: Record<string, unknown> = {}) =>
  console.log(
    JSON.stringify({ level, time: new Date().toISOString(), service: 'realm-reconciler', msg, ...more }),
  );

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`realm-reconciler: ${name} must be set`);
    process.exit(2);
  }
  return value;
}

const store = createEventStore({
  connectionString: required('DATABASE_URL'),
  upcast: upcastDomainEvent,
  onBackgroundError: (error) =>
    log('warn', 'event store connection error (recovering)', { err: error.message }),
});
const reconciler = startRealmReconciler({
  store,
  keycloak: {
    url: required('KEYCLOAK_URL').replace(/\/+$/, ''),
    username: required('KEYCLOAK_ADMIN_USERNAME'),
    password: required('KEYCLOAK_ADMIN_PASSWORD'),
  },
  uiOrigins: (process.env.CHRONICLE_UI_ORIGIN ?? 'http://localhost:5173')
    .split(',')
    .map((origin) => origin.trim()),
  onError: (error) => log('warn', 'reconciling failed; retrying', { err: (error as Error).message }),
});
log('info', 'following tenant events');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void reconciler
      .stop()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log('error', 'stopping failed', { err: (error as Error).message });
          process.exit(1);
        },
      );
  });
}
