import type { CommandApi } from '../api/command-api.js';

/** The command API's source and producer-client routes (command-api/src/sources, src/tenants). */

/** As the domain's rules (the API checks them again and names the field). */
export const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const PRODUCER_CLIENT_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;

export interface SourceChanged {
  sourceId: string;
  version: number;
}

export interface TenantChanged {
  tenantId: string;
  version: number;
  /** The new secret, if the command API hands it out (see SecretOnce.svelte). */
  secret?: string;
}

export function sourceCommands(api: CommandApi) {
  const path = (sourceId: string) => `/sources/${encodeURIComponent(sourceId)}`;
  return {
    register: (source: { sourceId: string; name: string; ownerSubject: string; unit: string | null }) =>
      api.post<SourceChanged>('/sources', source),
    rename: (sourceId: string, name: string) => api.post<SourceChanged>(`${path(sourceId)}/rename`, { name }),
    transfer: (sourceId: string, newOwnerSubject: string) =>
      api.post<SourceChanged>(`${path(sourceId)}/transfer-ownership`, { newOwnerSubject }),
    retire: (sourceId: string) => api.post<SourceChanged>(`${path(sourceId)}/retire`, {}),
    registerProducerClient: (clientId: string) => api.post<TenantChanged>('/producer-clients', { clientId }),
    rotateSecret: (clientId: string) =>
      api.post<TenantChanged>(`/producer-clients/${encodeURIComponent(clientId)}/rotate-secret`, {}),
  };
}

export type SourceCommands = ReturnType<typeof sourceCommands>;
