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
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': newIdempotencyKey(),
      ...(options.ifMatch === undefined ? {} : { 'if-match': `"${options.ifMatch}"` }),
    };
    return this.send<T>(path, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
  }

  /** A read of the command API's own (a command's outcome that came later, e.g. a secret rotation). */
  async get<T>(path: string): Promise<T> {
    return this.send<T>(path, { method: 'GET', headers: {} });
  }

  private async send<T>(
    path: string,
    init: { method: string; headers: Record<string, string>; body?: string },
  ) {
    for (let attempt = 0; ; attempt++) {
      const token = await this.session.accessToken();
      let response: Response;
      try {
        response = await fetch(`/api${path}`, {
          ...init,
          headers: { ...init.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
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
