/**
 * A pure aggregate: `decide` turns a command and the current state into events (or throws a DomainError),
 * `evolve` folds an event into the state, and `initialState` is the state of a stream with no events.
 */
export interface Decider<Command, Event, State> {
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}
