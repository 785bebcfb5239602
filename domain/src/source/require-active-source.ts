import { ConflictError, NotFoundError } from '../decider/domain-error.js';
import type { RegisteredSource, SourceState } from './source-state.js';

/** Every command but registration needs a registered source, and nothing at all is allowed once retired. */
export function requireActiveSource(state: SourceState): { readonly status: 'active' } & RegisteredSource {
  if (state.status === 'unregistered') {
    throw new NotFoundError('SOURCE_NOT_REGISTERED', 'Source is not registered');
  }
  if (state.status === 'retired') throw sourceRetired(state.sourceId);
  return state;
}

export const sourceRetired = (sourceId: string) =>
  new ConflictError('SOURCE_RETIRED', `Source "${sourceId}" is retired: it accepts no more commands`);
