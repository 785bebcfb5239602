import type { KeycloakAdmin } from '../keycloak/keycloak-admin.js';

/**
 * A realm set up by hand the way a provisioned tenant's realm looks to a token verifier: the producer role,
 * the API audience client, and one producer client (client credentials, role producer, API audience).
 * Test scaffolding until the realm reconciler exists; it talks to the real Keycloak all the same.
 */
export async function createTenantRealmForTest(
  admin: KeycloakAdmin,
  realm: string,
): Promise<{ clientId: string; clientSecret: string }> {
  await admin.realms.create({ realm, enabled: true });
  await admin.roles.create({ realm, name: 'producer' });
  await admin.clients.create({
    realm,
    clientId: 'chronicle-api',
    publicClient: false,
    standardFlowEnabled: false,
  });
  const clientId = `${realm}-meter-1`;
  const { id } = await admin.clients.create({
    realm,
    clientId,
    publicClient: false,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: false,
  });
  await admin.clients.addProtocolMapper(
    { realm, id },
    {
      name: 'chronicle-api audience',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-audience-mapper',
      config: { 'included.client.audience': 'chronicle-api', 'access.token.claim': 'true' },
    },
  );
  const serviceAccount = await admin.clients.getServiceAccountUser({ realm, id });
  const producer = await admin.roles.findOneByName({ realm, name: 'producer' });
  await admin.users.addRealmRoleMappings({
    realm,
    id: serviceAccount.id!,
    roles: [{ id: producer!.id!, name: 'producer' }],
  });
  const secret = await admin.clients.getClientSecret({ realm, id });
  return { clientId, clientSecret: secret.value! };
}
