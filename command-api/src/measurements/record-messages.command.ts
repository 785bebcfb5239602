import { Command } from '@nestjs/cqrs';
import type { Caller } from '../auth/caller.js';
import type { Messages } from './messages.pipe.js';
import type { MessagesAccepted } from './messages.schema.js';

export interface RecordedMessages {
  response: MessagesAccepted;
  /** The Idempotency-Key had been answered before: nothing was appended now. */
  replayed: boolean;
}

export class RecordMessages extends Command<RecordedMessages> {
  constructor(
    readonly caller: Caller,
    readonly messages: Messages,
    readonly idempotencyKey: string,
    readonly fingerprint: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
