/**
 * Hands messages to an SMTP server through a nodemailer pool: a few long-lived connections,
 * reused message after message. A message is "accepted" when the server's final reply to it
 * was 2xx; any other outcome rejects with a MailSendError carrying the server's reply code.
 */
import nodemailer from 'nodemailer';
import type { Transporter, SMTPPoolOptions, SMTPPoolSentMessageInfo } from 'nodemailer';
import { compose, type SenderIdentity } from './compose.ts';
import { MailSendError, type MailSendStage } from './mail-send-error.ts';
import type { Mailer, OutgoingMessage, SentMessage } from './mailer.ts';

/** Where and how to connect (config.ts reads them from SMTP_URL). */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (smtps://, usually port 465); otherwise STARTTLS when the server offers it */
  readonly secure: boolean;
  /** refuse to go on without STARTTLS (`requireTLS`) */
  readonly requireTLS?: boolean | undefined;
  /** sign in with these when `user` is given */
  readonly user?: string | null | undefined;
  readonly pass?: string | null | undefined;
  /** check the server's certificate (default true; false only for a test server's self-signed one) */
  readonly rejectUnauthorized?: boolean | undefined;
  /** connections the pool may open at once (default 5) */
  readonly maxConnections?: number | undefined;
  /** how long to wait for the TCP/TLS connection (default 10 s) */
  readonly connectionTimeoutMs?: number | undefined;
  /** how long to wait for the server's greeting (default 10 s) */
  readonly greetingTimeoutMs?: number | undefined;
  /** how long a connection may stay silent, e.g. waiting for the final reply (default 60 s) */
  readonly socketTimeoutMs?: number | undefined;
}

export const SMTP_DEFAULTS = {
  maxConnections: 5,
  connectionTimeoutMs: 10_000,
  greetingTimeoutMs: 10_000,
  socketTimeoutMs: 60_000,
} as const;

export class SmtpMailer implements Mailer {
  readonly description: string;
  private readonly transport: Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions>;
  private readonly identity: SenderIdentity;

  constructor(settings: SmtpSettings, identity: SenderIdentity) {
    this.identity = identity;
    const how = settings.secure ? 'TLS' : settings.requireTLS ? 'STARTTLS required' : 'STARTTLS when offered';
    const who = settings.user ? `, signed in as ${settings.user}` : '';
    this.description = `SMTP server ${settings.host}:${settings.port} (${how}${who})`;
    this.transport = nodemailer.createTransport({
      pool: true,
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.requireTLS ?? false,
      ...(settings.user ? { auth: { user: settings.user, pass: settings.pass ?? '' } } : {}),
      tls: { rejectUnauthorized: settings.rejectUnauthorized ?? true },
      maxConnections: settings.maxConnections ?? SMTP_DEFAULTS.maxConnections,
      // Never resend behind the caller's back: a connection that closed mid-message may have
      // delivered it already. The caller (a digest's ledger) decides, with the same Message-ID.
      maxRequeues: 0,
      connectionTimeout: settings.connectionTimeoutMs ?? SMTP_DEFAULTS.connectionTimeoutMs,
      greetingTimeout: settings.greetingTimeoutMs ?? SMTP_DEFAULTS.greetingTimeoutMs,
      socketTimeout: settings.socketTimeoutMs ?? SMTP_DEFAULTS.socketTimeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(message: OutgoingMessage): Promise<SentMessage> {
    const { messageId, options } = compose(message, this.identity);
    try {
      const info = await this.transport.sendMail(options);
      return { messageId, via: 'smtp', response: info.response };
    } catch (e) {
      throw toMailSendError(e, `could not send to ${options.to as string} through ${this.description}`);
    }
  }

  async verify(): Promise<void> {
    try {
      await this.transport.verify();
    } catch (e) {
      throw toMailSendError(e, `cannot use ${this.description}`);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

interface NodemailerFailure {
  message?: string;
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

/** Reads nodemailer's error (`code`, `command`, `responseCode`, `response`) into a MailSendError. */
export function toMailSendError(e: unknown, what: string): MailSendError {
  const err = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as NodemailerFailure;
  const stage = stageOf(err);
  const responseCode = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const reason = err.response ?? err.message ?? 'unknown failure';
  const verdict = responseCode === undefined ? '' : responseCode >= 500 ? ' (permanent)' : ' (temporary)';
  return new MailSendError(`${what}: ${stageWords[stage]}${verdict}: ${reason}`, {
    stage,
    responseCode,
    response: err.response,
    cause: e,
  });
}

const stageWords: Record<MailSendStage, string> = {
  recipient: 'the server refused the recipient',
  message: 'the server refused the message',
  sender: 'the server refused the sender address',
  auth: 'signing in failed',
  connection: 'no usable connection',
  outbox: 'the outbox could not be written',
};

function stageOf(err: NodemailerFailure): MailSendStage {
  switch (err.code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return 'auth';
    case 'EENVELOPE':
      return /^MAIL/i.test(err.command ?? '') ? 'sender' : 'recipient';
    case 'EMESSAGE':
      return 'message';
    default:
      return 'connection';
  }
}
