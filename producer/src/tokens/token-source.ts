/** Where the producer gets its access token; `invalidate` after a 401 makes the next `get` fetch anew. */
export interface TokenSource {
  get(): Promise<string>;
  invalidate(): void;
}

/** A token that never changes, for tests and for callers that manage tokens themselves. */
export function fixedToken(token: string): TokenSource {
  return { get: async () => token, invalidate: () => {} };
}
