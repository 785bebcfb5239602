import { PLATFORM_REALM } from '@chronicle/identity';
import { forbidden } from '../graphql/errors.js';
import type { Caller } from './caller.js';

/** What a tenant token may read: its tenant's sources, all of them or only the subject's own. */
export interface TenantReader {
  tenant: string;
  subject: string;
  /** tenant-admin: every source of the tenant; viewer: only those it owns. */
  seesAll: boolean;
}

/** Sources and series are for a tenant's viewers (their own sources) and tenant-admins (all). */
export function tenantReader(caller: Caller): TenantReader {
  if (caller.tenant === PLATFORM_REALM) {
    throw forbidden('a platform token has no tenant data: use a token of the tenant’s realm');
  }
  const seesAll = caller.roles.includes('tenant-admin');
  if (!seesAll && !caller.roles.includes('viewer')) {
    throw forbidden('reading sources needs the role viewer (own sources) or tenant-admin');
  }
  return { tenant: caller.tenant, subject: caller.subject, seesAll };
}

/** Projection status is for platform operators: a token of the platform realm with the role ops. */
export function requireOps(caller: Caller): void {
  if (caller.tenant !== PLATFORM_REALM || !caller.roles.includes('ops')) {
    throw forbidden('projections are for platform operators: a token of the platform realm with role ops');
  }
}

/** The event log of a tenant is for its auditors (read-only history, replay, verification). */
export function auditorTenant(caller: Caller): string {
  if (caller.tenant === PLATFORM_REALM || !caller.roles.includes('auditor')) {
    throw forbidden('the event log is for auditors: a token of the tenant’s realm with role auditor');
  }
  return caller.tenant;
}

/** The tenant's identities (producer clients, users) are for its tenant-admins. */
export function tenantAdminTenant(caller: Caller): string {
  if (caller.tenant === PLATFORM_REALM || !caller.roles.includes('tenant-admin')) {
    throw forbidden('producer clients and users are for tenant-admins of the tenant');
  }
  return caller.tenant;
}
