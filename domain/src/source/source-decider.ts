import { assertNever } from '../decider/assert-never.js';
import type { Decider } from '../decider/decider.js';
import { ConflictError, ValidationError } from '../decider/domain-error.js';
import { requireText } from '../validation/require-text.js';
import { requireActiveSource, sourceRetired } from './require-active-source.js';
import type {
  RegisterSource,
  RenameSource,
  RetireSource,
  SourceCommand,
  TransferSourceOwnership,
} from './source-commands.js';
import type {
  SourceEvent,
  SourceOwnershipTransferred,
  SourceRegistered,
  SourceRenamed,
  SourceRetired,
} from './source-events.js';
import { isValidSourceId } from './source-id.js';
import { evolveSource, initialSourceState } from './source-state.js';
import type { SourceState } from './source-state.js';

export const SOURCE_NAME_MAX_LENGTH = 200;
/** Keycloak subjects are UUIDs; other issuers' stay well under this. */
export const SOURCE_OWNER_SUBJECT_MAX_LENGTH = 255;
export const SOURCE_UNIT_MAX_LENGTH = 32;

export function decideSource(command: SourceCommand, state: SourceState): SourceEvent[] {
  switch (command.type) {
    case 'RegisterSource':
      return [registerSource(command, state)];
    case 'RenameSource':
      return [renameSource(command, state)];
    case 'TransferSourceOwnership':
      return [transferSourceOwnership(command, state)];
    case 'RetireSource':
      return [retireSource(command, state)];
    default:
      return assertNever(command, 'source command');
  }
}

export const sourceDecider: Decider<SourceCommand, SourceEvent, SourceState> = {
  decide: decideSource,
  evolve: evolveSource,
  initialState: initialSourceState,
};

function registerSource({ data }: RegisterSource, state: SourceState): SourceRegistered {
  const { sourceId } = data;
  if (!isValidSourceId(sourceId)) {
    throw new ValidationError(
      'SOURCE_ID_INVALID',
      `Source id ${JSON.stringify(sourceId)} is invalid: use 1-128 letters, digits and "_.:-", ` +
        'starting with a letter or digit',
      'sourceId',
    );
  }
  const name = requireName(data.name);
  const ownerSubject = requireOwnerSubject(data.ownerSubject, 'ownerSubject');
  const unit =
    data.unit === undefined || data.unit === null
      ? null
      : requireText(data.unit, {
          field: 'unit',
          maxLength: SOURCE_UNIT_MAX_LENGTH,
          code: 'SOURCE_UNIT_INVALID',
        });
  if (state.status === 'retired') throw sourceRetired(state.sourceId);
  if (state.status === 'active') {
    throw new ConflictError('SOURCE_ALREADY_REGISTERED', `Source "${state.sourceId}" is already registered`);
  }
  return { type: 'SourceRegistered', data: { sourceId, name, ownerSubject, unit } };
}

function renameSource({ data }: RenameSource, state: SourceState): SourceRenamed {
  const name = requireName(data.name);
  const source = requireActiveSource(state);
  if (name === source.name) {
    throw new ConflictError(
      'SOURCE_NAME_UNCHANGED',
      `Source "${source.sourceId}" is already named "${name}"`,
    );
  }
  return { type: 'SourceRenamed', data: { sourceId: source.sourceId, name } };
}

function transferSourceOwnership(
  { data }: TransferSourceOwnership,
  state: SourceState,
): SourceOwnershipTransferred {
  const newOwnerSubject = requireOwnerSubject(data.newOwnerSubject, 'newOwnerSubject');
  const source = requireActiveSource(state);
  if (newOwnerSubject === source.ownerSubject) {
    throw new ConflictError(
      'SOURCE_OWNER_UNCHANGED',
      `Source "${source.sourceId}" is already owned by "${newOwnerSubject}"`,
    );
  }
  return {
    type: 'SourceOwnershipTransferred',
    data: { sourceId: source.sourceId, previousOwnerSubject: source.ownerSubject, newOwnerSubject },
  };
}

function retireSource(_command: RetireSource, state: SourceState): SourceRetired {
  const source = requireActiveSource(state);
  return { type: 'SourceRetired', data: { sourceId: source.sourceId } };
}

const requireName = (name: unknown) =>
  requireText(name, { field: 'name', maxLength: SOURCE_NAME_MAX_LENGTH, code: 'SOURCE_NAME_INVALID' });

const requireOwnerSubject = (subject: unknown, field: string) =>
  requireText(subject, { field, maxLength: SOURCE_OWNER_SUBJECT_MAX_LENGTH, code: 'SOURCE_OWNER_INVALID' });
