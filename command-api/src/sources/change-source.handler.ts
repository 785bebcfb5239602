import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { domainEvents, sourceDecider, sourceStreamId } from '@chronicle/domain';
import { handleCommand, type EventStore } from '@chronicle/eventstore';
import { EVENT_STORE } from '../app/injection-tokens.js';
import { ledgerKey } from '../auth/ledger-key.js';
import { ChangeSource, type SourceChanged } from './change-source.command.js';
import { SourceCatalogue } from './source-catalogue.js';

@CommandHandler(ChangeSource)
export class ChangeSourceHandler implements ICommandHandler<ChangeSource> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalogue: SourceCatalogue,
  ) {}

  async execute(change: ChangeSource): Promise<SourceChanged> {
    const { caller, sourceId } = change;
    const handled = await handleCommand(this.store, {
      tenant: caller.tenant,
      streamId: sourceStreamId(sourceId),
      decider: sourceDecider,
      events: domainEvents,
      command: change.command,
      metadata: { commandId: randomUUID(), correlationId: change.correlationId, actor: caller.subject },
      idempotencyKey: ledgerKey(caller, change.idempotencyKey),
      idempotencyFingerprint: change.fingerprint,
      ...(change.expectedVersion === undefined ? {} : { expectedVersion: change.expectedVersion }),
    });
    this.catalogue.forget(caller.tenant, sourceId);
    return { sourceId, version: handled.version, replayed: handled.append?.duplicate ?? false };
  }
}
