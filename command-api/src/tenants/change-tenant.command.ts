import { Command } from '@nestjs/cqrs';
import type { TenantCommand } from '@chronicle/domain';
import type { Caller } from '../auth/caller.js';

export interface TenantChanged {
  tenantId: string;
  version: number;
  replayed: boolean;
}

/**
 * Any command on a tenant's stream: its lifecycle by a platform admin, its producers and users by its own
 * tenant admin. The realm reconciler carries each change to Keycloak.
 */
export class ChangeTenant extends Command<TenantChanged> {
  constructor(
    readonly caller: Caller,
    readonly tenantId: string,
    readonly command: TenantCommand,
    readonly idempotencyKey: string,
    readonly fingerprint: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
