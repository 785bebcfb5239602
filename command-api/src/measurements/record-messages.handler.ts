import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DEFAULT_MEASUREMENT_LIMITS,
  DomainError,
  ValidationError,
  createMeasurementsDecider,
  domainEvents,
  measurementsStreamId,
  type EventEnvelope,
  type EventMetadata,
  type MeasurementPoint,
  type MeasurementsRecorded,
} from '@chronicle/domain';
import type { AppendResult, EventStore } from '@chronicle/eventstore';
import { COMMAND_API_CONFIG, EVENT_STORE } from '../app/injection-tokens.js';
import type { CommandApiConfig } from '../app/command-api-config.js';
import { ledgerKey } from '../auth/ledger-key.js';
import { fail } from '../http/problem.js';
import { Metrics } from '../observability/metrics.js';
import { SourceCatalogue } from '../sources/source-catalogue.js';
import type { MessagesAccepted } from './messages.schema.js';
import { RecordMessages, type RecordedMessages } from './record-messages.command.js';

/** Points per stored event: one event is one jsonb row, kept well under the store's event size limit. */
const POINTS_PER_EVENT = DEFAULT_MEASUREMENT_LIMITS.maxBatchSize;

/**
 * Ingest: one request's points become one event per source (more for very large batches), all appended
 * in one atomic append that group commit shares with concurrent requests. No read of the store on the
 * way: sources come from the catalogue, and the idempotency ledger is consulted by the append itself.
 */
@CommandHandler(RecordMessages)
export class RecordMessagesHandler implements ICommandHandler<RecordMessages> {
  private readonly decider: ReturnType<typeof createMeasurementsDecider>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(COMMAND_API_CONFIG) private readonly config: CommandApiConfig,
    private readonly sources: SourceCatalogue,
    private readonly metrics: Metrics,
  ) {
    // One HTTP batch may hold more points than one event; the request limit applies here instead.
    this.decider = createMeasurementsDecider({
      ...config.measurementLimits,
      maxBatchSize: config.maxPointsPerRequest,
    });
  }

  async execute(command: RecordMessages): Promise<RecordedMessages> {
    const { caller, messages, correlationId } = command;
    const total = messages.batches.reduce((sum, batch) => sum + batch.points.length, 0);
    if (total > this.config.maxPointsPerRequest) {
      throw fail(
        413,
        'TOO_MANY_POINTS',
        `the request holds ${total} points; one request holds at most ${this.config.maxPointsPerRequest}`,
        'points',
      );
    }
    const idempotency = {
      tenant: caller.tenant,
      idempotencyKey: ledgerKey(caller, command.idempotencyKey),
      idempotencyFingerprint: command.fingerprint,
    };
    try {
      const decided = await this.decide(command);
      const metadata: EventMetadata = {
        commandId: randomUUID(),
        correlationId,
        actor: caller.subject,
        producer: caller.clientId,
      };
      const result = await this.store.append({
        ...idempotency,
        streams: [...decided].map(([sourceId, points]) => ({
          streamId: measurementsStreamId(sourceId),
          events: eventsOf(sourceId, points, metadata),
        })),
      });
      if (!result.duplicate) {
        this.metrics.pointsAccepted.inc(total);
        this.metrics.eventsAppended.inc({ type: 'MeasurementsRecorded' }, result.streams.length);
      }
      return { response: this.respond(decided, result), replayed: result.duplicate };
    } catch (error) {
      // A retry that would now be refused (say its source was retired since) still gets its first answer.
      if (error instanceof DomainError) {
        const replay = await this.store.findIdempotentAppend(idempotency);
        if (replay) return { response: this.respond(pointsPerSource(command), replay), replayed: true };
      }
      throw error;
    }
  }

  /** Each batch checked against its source; the points of each source, in the order sent. */
  private async decide(command: RecordMessages): Promise<Map<string, MeasurementPoint[]>> {
    const { caller, messages } = command;
    const states = await Promise.all(
      messages.batches.map((batch) => this.sources.get(caller.tenant, batch.sourceId)),
    );
    const now = new Date();
    const decided = new Map<string, MeasurementPoint[]>();
    messages.batches.forEach((batch, index) => {
      let events: MeasurementsRecorded[];
      try {
        events = this.decider.decide(
          { type: 'RecordMeasurements', data: batch, metadata: { now } },
          states[index]!,
        ) as MeasurementsRecorded[];
      } catch (error) {
        throw inBatch(error, messages.fieldPrefix(index));
      }
      const points = decided.get(batch.sourceId) ?? [];
      for (const event of events) points.push(...event.data.points);
      decided.set(batch.sourceId, points);
    });
    return decided;
  }

  private respond(points: Map<string, { length: number }>, result: AppendResult): MessagesAccepted {
    const positions = new Map(result.streams.map((stream) => [stream.streamId, stream.lastPosition]));
    let accepted = 0;
    const batches = [...points].map(([sourceId, { length }]) => {
      accepted += length;
      return {
        sourceId,
        points: length,
        position: String(positions.get(measurementsStreamId(sourceId)) ?? ''),
      };
    });
    return { accepted, batches };
  }
}

function eventsOf(sourceId: string, points: MeasurementPoint[], metadata: EventMetadata): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  for (let start = 0; start < points.length; start += POINTS_PER_EVENT) {
    const event: MeasurementsRecorded = {
      type: 'MeasurementsRecorded',
      data: { sourceId, points: points.slice(start, start + POINTS_PER_EVENT) },
    };
    events.push(domainEvents.toEnvelope(event, metadata));
  }
  return events;
}

/** How many points each source has in the request, for answering a replay without deciding. */
function pointsPerSource(command: RecordMessages): Map<string, { length: number }> {
  const counts = new Map<string, { length: number }>();
  for (const batch of command.messages.batches) {
    const count = counts.get(batch.sourceId) ?? { length: 0 };
    count.length += batch.points.length;
    counts.set(batch.sourceId, count);
  }
  return counts;
}

/** A validation error of batch `index`, with its field named as the body names it. */
function inBatch(error: unknown, prefix: string): unknown {
  if (prefix === '' || !(error instanceof ValidationError)) return error;
  const message = error.message.startsWith(error.field) ? `${prefix}${error.message}` : error.message;
  return new ValidationError(error.code, message, `${prefix}${error.field}`);
}
