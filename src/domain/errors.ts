/**
 * Errors that carry a stable code. Only the web layer maps codes to HTTP
 * statuses and only the CLI maps them to exit codes; the domain just says what
 * went wrong and how to fix it.
 */
export type AppErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  /** needs a signed-in account (or a valid API token) */
  | 'unauthorized'
  /** signed in, but this is someone else's (or needs an admin) */
  | 'forbidden'
  /** too many attempts: `RateLimited` says when to come back */
  | 'rate_limited'
  | 'config'
  /** an outside service did not answer (after retries) */
  | 'unavailable'
  | 'internal';

export class AppError extends Error {
  readonly code: AppErrorCode;
  constructor(code: AppErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

export const invalidInput = (message: string): AppError => new AppError('invalid_input', message);
export const notFound = (message: string): AppError => new AppError('not_found', message);
export const forbidden = (message: string): AppError => new AppError('forbidden', message);

/** Too many attempts of one kind; `retryAfterSeconds` is when the next one will be taken. */
export class RateLimited extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('rate_limited', message);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}
