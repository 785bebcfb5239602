import { HttpException } from '@nestjs/common';

/** RFC 9457 problem details, with a stable `code` for programs and the offending `field` when there is one. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  field?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, field?: string): Problem {
  return {
    status,
    code,
    title: TITLES[status] ?? 'Error',
    detail,
    ...(field === undefined ? {} : { field }),
  };
}

/** Thrown by the HTTP edge (guards, pipes, controllers) to answer with a problem document. */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem, problem.status);
  }
}

export function fail(status: number, code: string, detail: string, field?: string): ProblemException {
  return new ProblemException(problem(status, code, detail, field));
}
