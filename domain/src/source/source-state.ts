import { assertNever } from '../decider/assert-never.js';
import type { SourceEvent } from './source-events.js';

export interface RegisteredSource {
  readonly sourceId: string;
  readonly name: string;
  readonly ownerSubject: string;
  readonly unit: string | null;
}

export type SourceState =
  | { readonly status: 'unregistered' }
  | ({ readonly status: 'active' } & RegisteredSource)
  | ({ readonly status: 'retired' } & RegisteredSource);

export const initialSourceState = (): SourceState => ({ status: 'unregistered' });

/** Events are facts already decided, so evolve applies them without re-checking the rules. */
export function evolveSource(state: SourceState, event: SourceEvent): SourceState {
  if (event.type === 'SourceRegistered') {
    const { sourceId, name, ownerSubject, unit } = event.data;
    return { status: 'active', sourceId, name, ownerSubject, unit };
  }
  // Only a hand-written stream changes a source before registering it; there is nothing to change.
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'SourceRenamed':
      return { ...state, name: event.data.name };
    case 'SourceOwnershipTransferred':
      return { ...state, ownerSubject: event.data.newOwnerSubject };
    case 'SourceRetired':
      return { ...state, status: 'retired' };
    default:
      return assertNever(event, 'source event');
  }
}
