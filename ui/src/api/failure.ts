import type { CombinedError } from '@urql/core';

/** What went wrong, sorted by what the user can do about it. */
export type FailureKind = 'expired' | 'forbidden' | 'unreachable' | 'refused' | 'failed';

export interface Failure {
  kind: FailureKind;
  message: string;
}

const MESSAGES: Record<Exclude<FailureKind, 'refused' | 'failed'>, string> = {
  expired: 'Your session has expired. Sign in again.',
  forbidden: 'Your account is not allowed to see this. Ask a tenant admin for the role it needs.',
  unreachable: 'The server cannot be reached right now. It will be retried.',
};

/** A GraphQL failure (HTTP status or the error's `extensions.code`) in the user's words. */
export function describeFailure(error: CombinedError): Failure {
  const status = (error.response as Response | undefined)?.status;
  const codes = error.graphQLErrors.map((e) => String(e.extensions?.code ?? ''));
  if (status === 401 || codes.includes('UNAUTHENTICATED'))
    return { kind: 'expired', message: MESSAGES.expired };
  if (status === 403 || codes.includes('FORBIDDEN'))
    return { kind: 'forbidden', message: MESSAGES.forbidden };
  if (error.networkError || (status !== undefined && status >= 502)) {
    return { kind: 'unreachable', message: MESSAGES.unreachable };
  }
  const first = error.graphQLErrors[0]?.message;
  return { kind: 'failed', message: first ?? error.message };
}

/** A command API answer that is not 2xx: an RFC 9457 problem document, in the user's words. */
export function describeProblem(
  status: number,
  problem: { detail?: string; title?: string } | undefined,
): Failure {
  if (status === 401) return { kind: 'expired', message: MESSAGES.expired };
  if (status === 403) return { kind: 'forbidden', message: problem?.detail ?? MESSAGES.forbidden };
  if (status >= 502) return { kind: 'unreachable', message: MESSAGES.unreachable };
  const text = problem?.detail ?? problem?.title ?? `HTTP ${status}`;
  return { kind: status >= 400 && status < 500 ? 'refused' : 'failed', message: text };
}
