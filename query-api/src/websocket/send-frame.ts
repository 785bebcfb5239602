import type { WebSocket } from 'ws';

/** A frame is JSON text, sent as a text message (graphql-ws' clients refuse binary ones). */
const TEXT = { binary: false };

/**
 * Sends a frame: undefined once it is written, else a promise of its being written, as graphql-ws' own
 * sends wait for it (a socket closing or closed takes nothing more). A socket with nothing buffered hands
 * the frame straight to the kernel, and no write callback is asked for (on this project's 2-vCPU machines,
 * callbacks took a bare ws server's CPU for 10,000 sends from 150 to 204 ms); should part of it stay
 * buffered, the next frame waits for its own callback, which comes after (writes keep their order). So a
 * slow client has at most one frame sent ahead, and is asked for less, as before.
 */
export function sendFrame(
  socket: Pick<WebSocket, 'readyState' | 'OPEN' | 'bufferedAmount' | 'send'>,
  frame: Buffer,
): Promise<void> | undefined {
  if (socket.readyState !== socket.OPEN) return undefined;
  if (socket.bufferedAmount === 0) {
    socket.send(frame, TEXT);
    return undefined;
  }
  return new Promise((resolve, reject) =>
    socket.send(frame, TEXT, (error) => (error ? reject(error) : resolve())),
  );
}
