import { Command } from '@nestjs/cqrs';
import type { SourceCommand } from '@chronicle/domain';
import type { Caller } from '../auth/caller.js';

export interface SourceChanged {
  sourceId: string;
  version: number;
  replayed: boolean;
}

/** Any command on one source, by a tenant admin. */
export class ChangeSource extends Command<SourceChanged> {
  constructor(
    readonly caller: Caller,
    readonly sourceId: string,
    readonly command: SourceCommand,
    readonly idempotencyKey: string,
    readonly fingerprint: string,
    readonly expectedVersion: number | undefined,
    readonly correlationId: string,
  ) {
    super();
  }
}
