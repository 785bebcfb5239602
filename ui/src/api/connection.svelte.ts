export type ConnectionState = 'connecting' | 'online' | 'lost';

/**
 * The live connection to the query API (graphql-ws), as the user should hear of it: it reconnects by
 * itself, and the banner says so while it does.
 */
export class Connection {
  state = $state<ConnectionState>('connecting');
  /** Reconnection attempts since the connection was last up. */
  attempts = $state(0);
  #everOnline = false;

  online(): void {
    this.state = 'online';
    this.attempts = 0;
    this.#everOnline = true;
  }

  /** `normal`: closed on purpose (no subscription left), not lost. */
  closed(normal: boolean): void {
    // Before the first connection there is nothing to lose: the views show their own loading states.
    this.state = normal ? 'connecting' : this.#everOnline ? 'lost' : 'connecting';
  }

  retrying(): void {
    this.attempts += 1;
    if (this.#everOnline) this.state = 'lost';
  }
}
