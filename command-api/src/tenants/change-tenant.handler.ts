import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@chronicle/eventstore';
import { handleTenantCommand } from '@chronicle/identity';
import { EVENT_STORE } from '../app/injection-tokens.js';
import { ledgerKey } from '../auth/ledger-key.js';
import { ChangeTenant, type TenantChanged } from './change-tenant.command.js';

@CommandHandler(ChangeTenant)
export class ChangeTenantHandler implements ICommandHandler<ChangeTenant> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(change: ChangeTenant): Promise<TenantChanged> {
    const { caller, tenantId } = change;
    const handled = await handleTenantCommand(this.store, {
      tenant: tenantId,
      command: change.command,
      metadata: { commandId: randomUUID(), correlationId: change.correlationId, actor: caller.subject },
      // A platform admin's keys live in the tenant's ledger, apart from the tenant's own users' keys.
      idempotencyKey: ledgerKey(caller, change.idempotencyKey),
      idempotencyFingerprint: change.fingerprint,
    });
    return { tenantId, version: handled.version, replayed: handled.append?.duplicate ?? false };
  }
}
