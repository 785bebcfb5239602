/** Time as a WebSocket session sees it: when its token ends. Tests pass a clock they move by hand. */
export interface SessionClock {
  now(): number;
  /** Calls `fire` at `time` (epoch ms); returns the cancel function. */
  at(time: number, fire: () => void): () => void;
}

// setTimeout takes at most 2^31 - 1 ms (~24.8 days); a longer wait is made of several.
const LONGEST_TIMER = 2 ** 31 - 1;

export const systemClock: SessionClock = {
  now: () => Date.now(),
  at(time, fire) {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const wait = time - Date.now();
      if (wait <= 0) return fire();
      timer = setTimeout(arm, Math.min(wait, LONGEST_TIMER));
    };
    arm();
    return () => clearTimeout(timer);
  },
};
