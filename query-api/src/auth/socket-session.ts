import { forbidden } from '../graphql/errors.js';
import type { Caller } from './caller.js';
import type { SessionClock } from './session-clock.js';

/**
 * Close code of a socket whose token expired (graphql-ws' "Unauthorized"; its client does not retry it on
 * its own: get a fresh token and connect again, or call `reauthenticate` before the token ends).
 */
export const TOKEN_EXPIRED_CLOSE_CODE = 4401;

/**
 * One WebSocket connection's identity: the caller its connection_init token stands for, held to that
 * token's end. `reauthenticate` swaps in a fresh token of the same tenant and subject and moves the end.
 */
export class SocketSession {
  private cancel: () => void = () => {};

  constructor(
    private current: Caller,
    private readonly clock: SessionClock,
    private readonly onExpired: () => void,
  ) {
    this.schedule();
  }

  get caller(): Caller {
    return this.current;
  }

  reauthenticate(next: Caller): void {
    if (next.tenant !== this.current.tenant || next.subject !== this.current.subject) {
      // Subscriptions already running were authorised for this identity: another one needs its own socket.
      throw forbidden(
        'reauthenticate takes a token of the same tenant and subject; connect again for another',
      );
    }
    this.current = next;
    this.schedule();
  }

  end(): void {
    this.cancel();
  }

  private schedule(): void {
    this.cancel();
    this.cancel = this.clock.at(this.current.expiresAt.getTime(), this.onExpired);
  }
}
