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
}

export interface Mailer {
  /** what a person should be told about where mail goes (the sign-in page shows it) */
  readonly description: string;
  /** sends one message; rejects with an error whose message says why (and, for SMTP, the response code) */
  send(message: OutgoingMessage): Promise<SentMessage>;
  close(): Promise<void>;
}
