import { describe, expect, it } from 'vitest';
import { ManualClock } from '../test-support/manual-clock.js';
import type { Caller } from './caller.js';
import { SocketSession } from './socket-session.js';

const caller = (subject: string, expiresAt: number): Caller => ({
  tenant: 'acme',
  subject,
  roles: ['viewer'],
  clientId: 'chronicle-ui',
  expiresAt: new Date(expiresAt),
});

describe('a socket session', () => {
  it('ends when its token does, and later after a reauthentication', () => {
    const clock = new ManualClock();
    let expired = 0;
    const session = new SocketSession(caller('u1', 1_000), clock, () => expired++);
    session.reauthenticate(caller('u1', 2_000));
    clock.advanceTo(1_500);
    expect(expired).toBe(0);
    expect(session.caller.expiresAt.getTime()).toBe(2_000);
    clock.advanceTo(2_000);
    expect(expired).toBe(1);
  });

  it("refuses another subject's token and keeps its own", () => {
    const clock = new ManualClock();
    const session = new SocketSession(caller('u1', 1_000), clock, () => {});
    expect(() => session.reauthenticate(caller('u2', 5_000))).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    expect(session.caller.subject).toBe('u1');
  });

  it('stops its timer when the socket closes first', () => {
    const clock = new ManualClock();
    let expired = 0;
    new SocketSession(caller('u1', 1_000), clock, () => expired++).end();
    clock.advanceTo(10_000);
    expect(expired).toBe(0);
  });
});
