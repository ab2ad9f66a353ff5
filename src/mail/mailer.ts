/**
 * The one way Paperboy sends mail: sign-in links now, digests later. A Mailer
 * takes a finished message and either hands it to an SMTP server (SMTP_URL)
 * or writes it as an .eml file to the outbox folder (the embedded default).
 */

export interface OutgoingMessage {
  /** one recipient address */
  readonly to: string;
  readonly subject: string;
  /** the plain-text part (always present) */
  readonly text: string;
  /** the HTML part, when there is one */
  readonly html?: string;
  /**
   * The Message-ID to send with, `<local@domain>`; a deterministic one lets a
   * resend be recognised (digests). Generated when absent.
   */
  readonly messageId?: string;
  /** extra headers, e.g. List-Unsubscribe */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SentMessage {
  readonly messageId: string;
  /** where it went: `smtp` (accepted by the server) or `outbox` (file path) */
  readonly via: 'smtp' | 'outbox';
  /** the .eml file written, for the outbox */
  readonly file?: string;
  /** the server's final reply to the message, e.g. `250 2.0.0 Ok: queued as 4F2A`, for SMTP */
  readonly response?: string;
}

export interface Mailer {
  /** what a person should be told about where mail goes (the sign-in page shows it) */
  readonly description: string;
  /**
   * Sends one message. Rejects with a `MailSendError` (mail-send-error.ts) when it could not
   * be handed over: its message says why, `responseCode` and `permanent` (a 5xx reply) let a
   * caller tell a hard bounce from a soft one. A message the mailer cannot express (two
   * recipients, a malformed Message-ID, a header it sets itself) is an `invalid_input` AppError.
   */
  send(message: OutgoingMessage): Promise<SentMessage>;
  /**
   * Checks that mail can go, without sending any: connects and signs in (SMTP), or creates the
   * outbox folder and checks it can be written. Rejects with a `MailSendError` that says why not.
   */
  verify(): Promise<void>;
  close(): Promise<void>;
}
