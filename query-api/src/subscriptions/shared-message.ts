/**
 * Subscription messages that many subscribers are handed as one object. A fan-out marks a message shared
 * only when every subscriber that can ever hold it may see all of it (it is made per audience: one tenant,
 * one visibility, the same watch), and only for a message type whose fields resolve from the message alone
 * (no resolver below it reads the caller or the context): then executing a subscription's selection on it
 * gives the same result for each of them, and the socket layer executes and serialises it once per
 * distinct selection (see websocket/shared-frames.ts).
 */
const shared = new WeakSet<object>();

export function markShared<Message extends object>(message: Message): Message {
  shared.add(message);
  return message;
}

export function isShared(message: unknown): message is object {
  return typeof message === 'object' && message !== null && shared.has(message);
}
