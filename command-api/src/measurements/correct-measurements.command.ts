import { Command } from '@nestjs/cqrs';
import type { MeasurementPointInput } from '@chronicle/domain';
import type { Caller } from '../auth/caller.js';

export interface MeasurementsCorrectedResponse {
  sourceId: string;
  corrected: number;
  position: string;
  replayed: boolean;
}

export class CorrectMeasurements extends Command<MeasurementsCorrectedResponse> {
  constructor(
    readonly caller: Caller,
    readonly sourceId: string,
    readonly points: readonly MeasurementPointInput[],
    readonly reason: string,
    readonly idempotencyKey: string,
    readonly fingerprint: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
