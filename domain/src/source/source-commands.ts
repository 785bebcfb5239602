import type { Command } from '../decider/command.js';

export type RegisterSource = Command<
  'RegisterSource',
  {
    sourceId: string;
    name: string;
    /** `sub` of the user who owns the source (viewers only see sources they own). */
    ownerSubject: string;
    /** Unit of the measured values, e.g. `kWh` or `°C`. */
    unit?: string | null;
  }
>;

// Commands on an existing source carry no id: the handler picks the stream, the events copy the id from state.
export type RenameSource = Command<'RenameSource', { name: string }>;

export type TransferSourceOwnership = Command<'TransferSourceOwnership', { newOwnerSubject: string }>;

export type RetireSource = Command<'RetireSource', Record<string, never>>;

export type SourceCommand = RegisterSource | RenameSource | TransferSourceOwnership | RetireSource;
