import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@chronicle/eventstore';
import { handleTenantCommand } from '@chronicle/identity';
import type { CommandApiConfig } from '../app/command-api-config.js';
import { COMMAND_API_CONFIG, EVENT_STORE } from '../app/injection-tokens.js';
import { ledgerKey } from '../auth/ledger-key.js';
import { RequestProducerSecret, type RequestedProducerSecret } from './request-producer-secret.command.js';
import { awaitSecretRotation } from './secret-rotation.js';

@CommandHandler(RequestProducerSecret)
export class RequestProducerSecretHandler implements ICommandHandler<RequestProducerSecret> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(COMMAND_API_CONFIG) private readonly config: CommandApiConfig,
  ) {}

  async execute(request: RequestProducerSecret): Promise<RequestedProducerSecret> {
    const { caller, clientId, publicKey } = request;
    const handled = await handleTenantCommand(this.store, {
      tenant: caller.tenant,
      command: { type: 'RotateProducerSecret', data: { clientId, publicKey } },
      metadata: { commandId: randomUUID(), correlationId: request.correlationId, actor: caller.subject },
      idempotencyKey: ledgerKey(caller, request.idempotencyKey),
      idempotencyFingerprint: request.fingerprint,
    });
    // A replayed key answers with the rotation it made then, whatever has happened since.
    const rotation = await awaitSecretRotation(
      this.store,
      caller.tenant,
      handled.version,
      this.config.secretRotationWaitMs,
    );
    if (!rotation) throw new Error(`no rotation request at version ${handled.version} of the tenant stream`);
    return { rotation, replayed: handled.append?.duplicate ?? false };
  }
}
