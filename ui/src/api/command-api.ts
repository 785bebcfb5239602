import type { Session } from '../auth/session.svelte.js';
import { describeProblem, type Failure } from './failure.js';

export class CommandFailed extends Error {
  constructor(
    readonly failure: Failure,
    readonly field?: string,
  ) {
    super(failure.message);
  }
}

/** A fresh Idempotency-Key: one per user intent, reused by that intent's retries. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `ui-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The command API's REST endpoints under this origin's `/api`. Every POST carries an Idempotency-Key, and a
 * request lost on the network is sent again with the same key, so it takes effect once.
 */
export class CommandApi {
  constructor(private readonly session: Session) {}

  async post<T>(path: string, body: unknown, options: { ifMatch?: number } = {}): Promise<T> {
    const key = newIdempotencyKey();
    for (let attempt = 0; ; attempt++) {
      const token = await this.session.accessToken();
      let response: Response;
      try {
        response = await fetch(`/api${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': key,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(options.ifMatch === undefined ? {} : { 'if-match': `"${options.ifMatch}"` }),
          },
          body: JSON.stringify(body ?? {}),
        });
      } catch {
        if (attempt < 2) {
          await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
          continue;
        }
        throw new CommandFailed(describeProblem(503, undefined));
      }
      if (response.ok) return (await response.json()) as T;
      const problem = (await response.json().catch(() => undefined)) as
        { detail?: string; title?: string; field?: string } | undefined;
      const failure = describeProblem(response.status, problem);
      if (failure.kind === 'expired') this.session.expire();
      throw new CommandFailed(failure, problem?.field);
    }
  }
}
