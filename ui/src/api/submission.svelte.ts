import { CommandFailed } from './command-api.js';

/** One form's command in flight: busy while it runs, then what came of it, for the form to show. */
export class Submission {
  busy = $state(false);
  failure = $state<string | undefined>(undefined);
  /** The field the command API blamed, to point the user at it. */
  field = $state<string | undefined>(undefined);
  done = $state<string | undefined>(undefined);

  /** Forgets what came of the last command (another form's command now speaks for the card). */
  clear(): void {
    this.failure = undefined;
    this.field = undefined;
    this.done = undefined;
  }

  async run<T>(command: () => Promise<T>, success: (result: T) => string): Promise<T | undefined> {
    this.busy = true;
    this.clear();
    try {
      const result = await command();
      this.done = success(result);
      return result;
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
      this.field = error instanceof CommandFailed ? error.field : undefined;
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
