import {
  SOURCE_ID_PATTERN,
  SOURCE_NAME_MAX_LENGTH,
  SOURCE_OWNER_SUBJECT_MAX_LENGTH,
  SOURCE_UNIT_MAX_LENGTH,
} from '@chronicle/domain';
import { Type } from '@sinclair/typebox';

// Shapes only: the deciders own the rules (blank names, lengths after trimming) and name the field too.
const name = Type.String({ maxLength: SOURCE_NAME_MAX_LENGTH * 2 });
const subject = Type.String({
  maxLength: SOURCE_OWNER_SUBJECT_MAX_LENGTH * 2,
  description: "The owner's `sub`",
});

export const SourceIdSchema = Type.String({ pattern: SOURCE_ID_PATTERN.source });

export const RegisterSourceSchema = Type.Object(
  {
    sourceId: SourceIdSchema,
    name,
    ownerSubject: subject,
    unit: Type.Optional(Type.Union([Type.String({ maxLength: SOURCE_UNIT_MAX_LENGTH * 2 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const RenameSourceSchema = Type.Object({ name }, { additionalProperties: false });

export const TransferSourceOwnershipSchema = Type.Object(
  { newOwnerSubject: subject },
  { additionalProperties: false },
);

export const EmptySchema = Type.Object({}, { additionalProperties: false });

export const SourceChangedSchema = Type.Object({
  sourceId: Type.String(),
  version: Type.Integer({
    description: "The source stream's version: pass it as If-Match to change it safely",
  }),
});
