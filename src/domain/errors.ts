/**
 * Errors that carry a stable code. Only the web layer maps codes to HTTP
 * statuses and only the CLI maps them to exit codes; the domain just says what
 * went wrong and how to fix it.
 */
export type AppErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
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
