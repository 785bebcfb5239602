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
}

/**
 * A rotation of a producer's secret (command-api/src/producer-secrets): `issued` with the new secret sealed
 * for the requester's key, `pending` until the realm reconciler has issued it, or not issued at all.
 */
export interface SecretRotation {
  clientId: string;
  rotation: number;
  status: 'issued' | 'pending' | 'failed' | 'superseded';
  sealedSecret?: string;
  reason?: string;
}

export function sourceCommands(api: CommandApi) {
  const path = (sourceId: string) => `/sources/${encodeURIComponent(sourceId)}`;
  const client = (clientId: string) => `/producer-clients/${encodeURIComponent(clientId)}`;
  return {
    register: (source: { sourceId: string; name: string; ownerSubject: string; unit: string | null }) =>
      api.post<SourceChanged>('/sources', source),
    rename: (sourceId: string, name: string) => api.post<SourceChanged>(`${path(sourceId)}/rename`, { name }),
    transfer: (sourceId: string, newOwnerSubject: string) =>
      api.post<SourceChanged>(`${path(sourceId)}/transfer-ownership`, { newOwnerSubject }),
    retire: (sourceId: string) => api.post<SourceChanged>(`${path(sourceId)}/retire`, {}),
    registerProducerClient: (clientId: string) => api.post<TenantChanged>('/producer-clients', { clientId }),
    rotateSecret: (clientId: string, publicKey: JsonWebKey) =>
      api.post<SecretRotation>(`${client(clientId)}/rotate-secret`, { publicKey }),
    secretRotation: (clientId: string, rotation: number) =>
      api.get<SecretRotation>(`${client(clientId)}/secret-rotations/${rotation}`),
  };
}

export type SourceCommands = ReturnType<typeof sourceCommands>;
