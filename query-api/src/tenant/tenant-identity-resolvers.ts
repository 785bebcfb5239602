import { loadTenant } from '@chronicle/identity';
import { tenantAdminTenant } from '../auth/access.js';
import type { QueryResolvers } from '../graphql/schema-types.generated.js';

/**
 * Who may act in the tenant: producer clients and users, as the tenant's own stream says (the same fold
 * the command API decides on; Keycloak follows it through the realm reconciler, which records each user's
 * subject, so sources' owners can be shown by name).
 */
export const tenantIdentityQueries: Pick<QueryResolvers, 'producerClients' | 'users'> = {
  async producerClients(_, __, { caller, services }) {
    const { state } = await loadTenant(services.store, tenantAdminTenant(caller));
    if (state.status === 'unregistered') return [];
    return [...state.producerClients]
      .map(([clientId, secretRotations]) => ({ clientId, secretRotations }))
      .sort((a, b) => a.clientId.localeCompare(b.clientId));
  },

  async users(_, __, { caller, services }) {
    const { state } = await loadTenant(services.store, tenantAdminTenant(caller));
    if (state.status === 'unregistered') return [];
    return [...state.users]
      .map(([username, user]) => ({
        username,
        email: user.email,
        roles: [...user.roles].sort(),
        subject: user.subject,
      }))
      .sort((a, b) => a.username.localeCompare(b.username));
  },
};
