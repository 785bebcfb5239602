import { SOURCE_ID_PATTERN } from '@chronicle/domain';
import { Type, type Static } from '@sinclair/typebox';

export const PointSchema = Type.Object(
  {
    t: Type.Union([Type.Integer(), Type.String({ minLength: 1, maxLength: 64 })], {
      description: 'Integer epoch milliseconds, or an RFC 3339 time with a zone, e.g. "2026-05-01T12:00:00Z"',
    }),
    v: Type.Number({ description: 'A finite number' }),
  },
  { additionalProperties: false },
);

export const SourceBatchSchema = Type.Object(
  {
    sourceId: Type.String({ pattern: SOURCE_ID_PATTERN.source }),
    points: Type.Array(PointSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const SourceBatchesSchema = Type.Object(
  { batches: Type.Array(SourceBatchSchema, { minItems: 1, maxItems: 1_000 }) },
  { additionalProperties: false },
);

/** The body of POST /api/messages: one source's batch, or several sources' batches. */
export const MessagesBodySchema = Type.Union([SourceBatchSchema, SourceBatchesSchema]);

export const MessagesAcceptedSchema = Type.Object({
  accepted: Type.Integer({ description: 'Points appended by this request' }),
  batches: Type.Array(
    Type.Object({
      sourceId: Type.String(),
      points: Type.Integer(),
      position: Type.String({ description: "Global log position of the source's last event" }),
    }),
  ),
});

export type SourceBatch = Static<typeof SourceBatchSchema>;
export type MessagesAccepted = Static<typeof MessagesAcceptedSchema>;

export const CorrectMeasurementsSchema = Type.Object(
  {
    points: Type.Array(PointSchema, { minItems: 1 }),
    reason: Type.String({ maxLength: 1_000, description: 'Why the values are corrected; auditors see it' }),
  },
  { additionalProperties: false },
);

export const MeasurementsCorrectedSchema = Type.Object({
  sourceId: Type.String(),
  corrected: Type.Integer(),
  position: Type.String(),
});
