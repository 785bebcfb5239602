import type { KeycloakAdmin } from '../keycloak/keycloak-admin.js';

/** What an invited user does on first login: choose a password; nothing is left to do afterwards. */
export async function completeInvitation(
  admin: KeycloakAdmin,
  realm: string,
  username: string,
  password: string,
): Promise<{ subject: string }> {
  const [user] = await admin.users.find({ realm, username, exact: true });
  if (!user?.id) throw new Error(`realm ${realm} has no user ${username}`);
  await admin.users.resetPassword({
    realm,
    id: user.id,
    credential: { type: 'password', value: password, temporary: false },
  });
  await admin.users.update({ realm, id: user.id }, { requiredActions: [] });
  return { subject: user.id };
}
