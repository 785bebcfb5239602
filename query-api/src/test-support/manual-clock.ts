import type { SessionClock } from '../auth/session-clock.js';

/** A session clock the test moves by hand from the epoch: timers fire only when it passes their time. */
export class ManualClock implements SessionClock {
  private time = 0;
  private readonly timers = new Set<{ time: number; fire: () => void }>();

  now(): number {
    return this.time;
  }

  at(time: number, fire: () => void): () => void {
    const timer = { time, fire };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Moves to `time`, firing every timer due by then. */
  advanceTo(time: number): void {
    this.time = Math.max(this.time, time);
    for (const timer of [...this.timers]) {
      if (timer.time <= this.time) {
        this.timers.delete(timer);
        timer.fire();
      }
    }
  }
}
