/** The time charts slide with, ticking once a second while something shows it. */
export class Clock {
  now = $state(Date.now());

  /** Starts ticking; returns the stop function (an $effect's cleanup). */
  start(): () => void {
    const timer = setInterval(() => (this.now = Date.now()), 1000);
    return () => clearInterval(timer);
  }
}
