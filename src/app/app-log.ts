/** Where the core reports what happens in the background (pino's logger fits; tests pass a recorder). */
export interface AppLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A log that drops everything: for one-shot commands that print their own summary. */
export const silentLog: AppLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
