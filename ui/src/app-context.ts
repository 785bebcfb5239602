import type { Client } from '@urql/core';
import { getContext, setContext } from 'svelte';
import type { CommandApi } from './api/command-api.js';
import type { Connection } from './api/connection.svelte.js';
import type { Session } from './auth/session.svelte.js';
import type { Router } from './routing/router.svelte.js';

/** What every view of a signed-in organisation shares. */
export interface SignedIn {
  session: Session;
  graphql: Client;
  commands: CommandApi;
  connection: Connection;
  router: Router;
}

const KEY = Symbol('chronicle.signed-in');

export function setSignedIn(context: SignedIn): void {
  setContext(KEY, context);
}

export function getSignedIn(): SignedIn {
  const context = getContext<SignedIn | undefined>(KEY);
  if (!context) throw new Error('getSignedIn() outside a signed-in organisation');
  return context;
}
