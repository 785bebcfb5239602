import { Command } from '@nestjs/cqrs';
import type { Caller } from '../auth/caller.js';
import type { SecretRotation } from './secret-rotation.js';

export interface RequestedProducerSecret {
  rotation: SecretRotation;
  /** The Idempotency-Key had been answered before: nothing was appended now. */
  replayed: boolean;
}

/**
 * A tenant admin asks for a new secret of a producer client, sealed with `publicKey`: the request goes into
 * the tenant's stream, and the answer waits (bounded) for the realm reconciler to issue the secret.
 */
export class RequestProducerSecret extends Command<RequestedProducerSecret> {
  constructor(
    readonly caller: Caller,
    readonly clientId: string,
    readonly publicKey: unknown,
    readonly idempotencyKey: string,
    readonly fingerprint: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
