/** What the server tells the app at run time (see vite.config.ts): one build serves every environment. */
export interface RuntimeConfig {
  /** The Keycloak base URL, exactly as the services know it (token issuers are compared as strings). */
  keycloakUrl: string;
  clientId: string;
  /** The realm of platform operators; every other realm is a tenant. */
  platformRealm: string;
}

export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`the dashboard's configuration did not load (HTTP ${response.status})`);
  return (await response.json()) as RuntimeConfig;
}
