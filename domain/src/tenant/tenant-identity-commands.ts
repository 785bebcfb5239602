import type { Command } from '../decider/command.js';

// Like every command on an existing tenant, these carry no tenant id: the handler picks the stream.

/** A machine producer: a confidential Keycloak client with client credentials and the `producer` role. */
export type RegisterProducerClient = Command<'RegisterProducerClient', { clientId: string }>;

/**
 * `publicKey` is the requester's key for this one rotation (see SecretRecipientKey): the new secret is
 * issued sealed with it. Checked by the decider, so callers may pass what they were sent.
 */
export type RotateProducerSecret = Command<'RotateProducerSecret', { clientId: string; publicKey: unknown }>;

export type InviteUser = Command<'InviteUser', { username: string; email: string }>;

/** `role` is checked by the decider against TENANT_ROLES, so callers may pass what they were sent. */
export type GrantRole = Command<'GrantRole', { username: string; role: string }>;

export type RevokeRole = Command<'RevokeRole', { username: string; role: string }>;

export type TenantIdentityCommand =
  RegisterProducerClient | RotateProducerSecret | InviteUser | GrantRole | RevokeRole;
