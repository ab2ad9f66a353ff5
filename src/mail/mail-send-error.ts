/**
 * Why a message was not handed over. Digests read `permanent` (a 5xx reply: sending the same
 * message again will fail again) and `stage` (what the reply was about) to tell a hard bounce
 * of an address from a soft one or from a problem of our own (auth, connection, outbox).
 */
import { AppError } from '../domain/errors.ts';

/**
 * Where the send stopped:
 * - `recipient`: the server refused the recipient (RCPT TO)
 * - `message`: the server refused the message itself, at or after DATA
 * - `sender`: the server refused our sender address (MAIL FROM)
 * - `auth`: signing in failed
 * - `connection`: no usable connection (refused, timed out, TLS failed, closed before the final reply)
 * - `outbox`: the .eml file could not be written
 */
export type MailSendStage = 'recipient' | 'message' | 'sender' | 'auth' | 'connection' | 'outbox';

export interface MailSendErrorDetails {
  readonly stage: MailSendStage;
  /** the SMTP reply code, when the server answered (e.g. 550, 451) */
  readonly responseCode?: number | undefined;
  /** the server's whole reply line(s), when it answered */
  readonly response?: string | undefined;
  readonly cause?: unknown;
}

export class MailSendError extends AppError {
  readonly stage: MailSendStage;
  readonly responseCode: number | undefined;
  readonly response: string | undefined;
  /** the server answered with a 5xx: the same message to the same address will fail again */
  readonly permanent: boolean;

  constructor(message: string, details: MailSendErrorDetails) {
    super('unavailable', message);
    this.name = 'MailSendError';
    this.stage = details.stage;
    this.responseCode = details.responseCode;
    this.response = details.response;
    this.permanent = details.responseCode !== undefined && details.responseCode >= 500 && details.responseCode < 600;
    if (details.cause !== undefined) this.cause = details.cause;
  }

  /** A 5xx about the recipient or the message: the address bounced hard (digests pause it after a few). */
  get hardBounce(): boolean {
    return this.permanent && (this.stage === 'recipient' || this.stage === 'message');
  }
}
