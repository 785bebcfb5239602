import type { DemoUser } from '@chronicle/identity';

/** LOCAL DEMO CREDENTIALS: created by `npm start` only, for signing in to a local run. Never use elsewhere. */
export const PLATFORM_DEMO_USERS: readonly DemoUser[] = [
  { username: 'platform-admin', password: 'demo-platform-admin', roles: ['platform-admin'] },
  { username: 'ops', password: 'demo-ops', roles: ['ops'] },
];

/** Where `npm start` serves the dashboard (from a later issue); Keycloak's UI client allows it. */
export const UI_ORIGIN = process.env.CHRONICLE_UI_ORIGIN ?? 'http://localhost:5173';
