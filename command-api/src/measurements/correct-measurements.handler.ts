import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { domainEvents, measurementsDecider, measurementsStreamId, sourceStreamId } from '@chronicle/domain';
import { aggregateStream, type EventStore } from '@chronicle/eventstore';
import { EVENT_STORE } from '../app/injection-tokens.js';
import { ledgerKey } from '../auth/ledger-key.js';
import { CorrectMeasurements, type MeasurementsCorrectedResponse } from './correct-measurements.command.js';

/**
 * Corrections are decided against the source as its stream says now (not the ingest catalogue: they are
 * rare, and an admin expects a retired source to refuse them at once) and go to the measurements stream.
 */
@CommandHandler(CorrectMeasurements)
export class CorrectMeasurementsHandler implements ICommandHandler<CorrectMeasurements> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: CorrectMeasurements): Promise<MeasurementsCorrectedResponse> {
    const { caller, sourceId, points } = command;
    const idempotency = {
      tenant: caller.tenant,
      idempotencyKey: ledgerKey(caller, command.idempotencyKey),
      idempotencyFingerprint: command.fingerprint,
    };
    const respond = (position: bigint, replayed: boolean) => ({
      sourceId,
      corrected: points.length,
      position: String(position),
      replayed,
    });
    const replay = await this.store.findIdempotentAppend(idempotency);
    if (replay) return respond(replay.streams[0]!.lastPosition, true);
    const { state } = await aggregateStream(this.store, caller.tenant, sourceStreamId(sourceId), {
      ...measurementsDecider,
      events: domainEvents,
    });
    const events = measurementsDecider.decide(
      {
        type: 'CorrectMeasurements',
        data: { sourceId, points, reason: command.reason },
        metadata: { now: new Date() },
      },
      state,
    );
    const metadata = { commandId: randomUUID(), correlationId: command.correlationId, actor: caller.subject };
    const result = await this.store.append({
      ...idempotency,
      streams: [
        {
          streamId: measurementsStreamId(sourceId),
          events: events.map((event) => domainEvents.toEnvelope(event, metadata)),
        },
      ],
    });
    return respond(result.streams[0]!.lastPosition, result.duplicate);
  }
}
