import type { Command, CommandClock } from '../decider/command.js';
import type { TenantIdentityCommand } from './tenant-identity-commands.js';
import type { TenantRealmCommand } from './tenant-realm-commands.js';

/** Without `metadata.now` the registration time is unknown (e.g. a realm found in Keycloak that predates us). */
export type RegisterTenant = Command<
  'RegisterTenant',
  { tenantId: string; displayName: string },
  CommandClock | undefined
>;

// Commands on an existing tenant carry no id: the handler picks the stream, the events copy the id from state.
export type SuspendTenant = Command<'SuspendTenant', { reason: string }>;

export type ReactivateTenant = Command<'ReactivateTenant', Record<string, never>>;

/** Every command on the Tenant stream: its lifecycle, its producers and users, and the reconciler's records. */
export type TenantCommand =
  RegisterTenant | SuspendTenant | ReactivateTenant | TenantIdentityCommand | TenantRealmCommand;
