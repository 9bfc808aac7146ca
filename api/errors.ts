/** Every failure that crosses a door (IPC, HTTP, CLI) is an ApiError with a stable code and a message for people.
 *  rate_limited: too many attempts (sign-ins from one address over HTTP); its message says when to try again. */
export type ErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'import_rejected' | 'forbidden' | 'unauthenticated' | 'rate_limited' | 'internal';

export interface ImportProblem {
  file: string;
  row: number;
  column: string;
  value: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toJSON() {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const notFound = (what: string, id: string) => new ApiError('not_found', `${what} ${id} does not exist`);
