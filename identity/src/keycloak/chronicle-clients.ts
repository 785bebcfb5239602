import { API_CLIENT_ID, UI_CLIENT_ID } from '../platform/platform-realm.js';
import type { ClientSettings } from './realm-resources.js';

/** The clients every Chronicle realm has (the platform's and each tenant's). */

/** The client whose id is the audience every API requires; it has no flows of its own. */
export function apiAudienceClient(): ClientSettings {
  return {
    clientId: API_CLIENT_ID,
    name: 'Chronicle API (audience)',
    publicClient: false,
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
  };
}

/** The dashboard: public, authorization code with PKCE (S256), only our origins. */
export function uiClient(origins: readonly string[]): ClientSettings {
  const redirects = origins.map((origin) => `${origin}/*`);
  return {
    clientId: UI_CLIENT_ID,
    name: 'Chronicle dashboard',
    publicClient: true,
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    redirectUris: redirects,
    webOrigins: [...origins],
    attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': redirects.join('##') },
  };
}
