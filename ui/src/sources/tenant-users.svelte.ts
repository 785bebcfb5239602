import type { Client } from '@urql/core';
import { queryStore } from '@urql/svelte';
import { fromStore } from 'svelte/store';
import { TenantUsersQuery, type TenantUser } from '../graphql/operations.js';

/** A user a source can be owned by: one the reconciler has provisioned, so their subject is known. */
export interface Owner {
  username: string;
  subject: string;
}

/**
 * The tenant's users, for a tenant-admin: sources name their owner by subject (a Keycloak user id), which
 * only this list turns into a username.
 */
export class TenantUsers {
  readonly #query;

  constructor(client: Client) {
    this.#query = fromStore(queryStore({ client, query: TenantUsersQuery, variables: {} }));
  }

  readonly owners: readonly Owner[] = $derived.by(() =>
    (this.#query.current.data?.users ?? []).filter(
      (user): user is TenantUser & Owner => user.subject !== null,
    ),
  );

  // Rebuilt whole when the list changes, never mutated: a plain lookup, not a reactive map.
  readonly #usernames: Readonly<Record<string, string>> = $derived(
    Object.fromEntries(this.owners.map((owner) => [owner.subject, owner.username])),
  );

  /** The username behind a subject; undefined while loading, or for a subject no user of ours has. */
  usernameOf(subject: string): string | undefined {
    return Object.hasOwn(this.#usernames, subject) ? this.#usernames[subject] : undefined;
  }

  get error() {
    return this.#query.current.error;
  }
}
