import { describe, it } from 'vitest';
import { DeciderSpecification } from '../decider/decider-specification.js';
import { ConflictError, NotFoundError, ValidationError } from '../decider/domain-error.js';
import type { RegisterSource, SourceCommand } from './source-commands.js';
import { sourceDecider } from './source-decider.js';
import type {
  SourceOwnershipTransferred,
  SourceRegistered,
  SourceRenamed,
  SourceRetired,
} from './source-events.js';

const spec = DeciderSpecification.for(sourceDecider);

const register = (data: Partial<RegisterSource['data']> = {}): RegisterSource => ({
  type: 'RegisterSource',
  data: { sourceId: 'meter-1', name: 'Main meter', ownerSubject: 'user-alice', unit: 'kWh', ...data },
});
const rename = (name: string): SourceCommand => ({ type: 'RenameSource', data: { name } });
const transfer = (newOwnerSubject: string): SourceCommand => ({
  type: 'TransferSourceOwnership',
  data: { newOwnerSubject },
});
const retire: SourceCommand = { type: 'RetireSource', data: {} };

const registered: SourceRegistered = {
  type: 'SourceRegistered',
  data: { sourceId: 'meter-1', name: 'Main meter', ownerSubject: 'user-alice', unit: 'kWh' },
};
const renamed: SourceRenamed = { type: 'SourceRenamed', data: { sourceId: 'meter-1', name: 'Roof meter' } };
const transferred: SourceOwnershipTransferred = {
  type: 'SourceOwnershipTransferred',
  data: { sourceId: 'meter-1', previousOwnerSubject: 'user-alice', newOwnerSubject: 'user-bob' },
};
const retired: SourceRetired = { type: 'SourceRetired', data: { sourceId: 'meter-1' } };

describe('RegisterSource', () => {
  it('registers a new source', () => {
    spec.given([]).when(register()).then([registered]);
  });

  it('records a missing unit as null', () => {
    const unitless = { ...registered, data: { ...registered.data, unit: null } };
    spec
      .given([])
      .when(register({ unit: undefined }))
      .then([unitless]);
    spec
      .given([])
      .when(register({ unit: null }))
      .then([unitless]);
  });

  it('trims names and units', () => {
    spec
      .given([])
      .when(register({ name: ' Main meter ', unit: ' kWh ' }))
      .then([registered]);
  });

  it.each(['A', 'meter_1.a:b-c', 'x'.repeat(128)])('accepts source id %j', (sourceId) => {
    spec
      .given([])
      .when(register({ sourceId }))
      .then([{ ...registered, data: { ...registered.data, sourceId } }]);
  });

  it.each(['', '-meter', '.meter', 'meter 1', 'meter/1', 'x'.repeat(129)])(
    'rejects source id %j',
    (sourceId) => {
      spec
        .given([])
        .when(register({ sourceId }))
        .thenThrows(ValidationError, { code: 'SOURCE_ID_INVALID', field: 'sourceId' });
    },
  );

  it.each([
    ['name', { name: ' ' }, 'SOURCE_NAME_INVALID'],
    ['name', { name: 'x'.repeat(201) }, 'SOURCE_NAME_INVALID'],
    ['ownerSubject', { ownerSubject: '' }, 'SOURCE_OWNER_INVALID'],
    ['ownerSubject', { ownerSubject: 'x'.repeat(256) }, 'SOURCE_OWNER_INVALID'],
    ['unit', { unit: '' }, 'SOURCE_UNIT_INVALID'],
    ['unit', { unit: 'x'.repeat(33) }, 'SOURCE_UNIT_INVALID'],
  ] as const)('rejects an invalid %s (%j)', (field, data, code) => {
    spec.given([]).when(register(data)).thenThrows(ValidationError, { code, field });
  });

  it('rejects registering twice', () => {
    spec.given([registered]).when(register()).thenThrows(ConflictError, {
      code: 'SOURCE_ALREADY_REGISTERED',
      message: 'Source "meter-1" is already registered',
    });
  });
});

describe('RenameSource', () => {
  it('renames a source', () => {
    spec.given([registered]).when(rename('Roof meter')).then([renamed]);
    spec.given([registered]).when(rename('  Roof meter  ')).then([renamed]);
  });

  it('rejects renaming to the current name', () => {
    spec.given([registered]).when(rename(' Main meter')).thenThrows(ConflictError, {
      code: 'SOURCE_NAME_UNCHANGED',
      message: 'Source "meter-1" is already named "Main meter"',
    });
    spec.given([registered, renamed]).when(rename('Roof meter')).thenThrows(ConflictError, {
      code: 'SOURCE_NAME_UNCHANGED',
    });
  });

  it('rejects an invalid name', () => {
    spec
      .given([registered])
      .when(rename(''))
      .thenThrows(ValidationError, { code: 'SOURCE_NAME_INVALID', field: 'name' });
  });
});

describe('TransferSourceOwnership', () => {
  it('transfers a source to a new owner, naming the previous one', () => {
    spec.given([registered]).when(transfer('user-bob')).then([transferred]);
  });

  it('rejects transferring to the current owner', () => {
    spec.given([registered]).when(transfer('user-alice')).thenThrows(ConflictError, {
      code: 'SOURCE_OWNER_UNCHANGED',
      message: 'Source "meter-1" is already owned by "user-alice"',
    });
    spec
      .given([registered, transferred])
      .when(transfer('user-bob'))
      .thenThrows(ConflictError, { code: 'SOURCE_OWNER_UNCHANGED' });
  });

  it('rejects an empty owner', () => {
    spec
      .given([registered])
      .when(transfer(' '))
      .thenThrows(ValidationError, { code: 'SOURCE_OWNER_INVALID', field: 'newOwnerSubject' });
  });
});

describe('RetireSource', () => {
  it('retires a source', () => {
    spec.given([registered, renamed, transferred]).when(retire).then([retired]);
  });
});

describe('unregistered source', () => {
  it.each([rename('Roof meter'), transfer('user-bob'), retire])('rejects %j', (command) => {
    spec
      .given([])
      .when(command)
      .thenThrows(NotFoundError, { code: 'SOURCE_NOT_REGISTERED', message: 'Source is not registered' });
  });
});

describe('retired source', () => {
  it.each([register(), rename('Roof meter'), transfer('user-bob'), retire])('rejects %j', (command) => {
    spec.given([registered, retired]).when(command).thenThrows(ConflictError, {
      code: 'SOURCE_RETIRED',
      message: 'Source "meter-1" is retired: it accepts no more commands',
    });
  });
});

describe('source decider', () => {
  it('rejects unknown commands at run time', () => {
    spec
      .given([])
      .when({ type: 'DeleteSource', data: {} } as never)
      .thenThrows(TypeError, { message: 'Unknown source command "DeleteSource"' });
  });
});
