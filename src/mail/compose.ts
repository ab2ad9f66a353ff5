/**
 * Turns an OutgoingMessage into nodemailer's message options, the same for SMTP and the
 * outbox: From, To, Subject, Date, Message-ID, the extra headers, a text part and an optional
 * HTML part. Refuses what the mailer cannot express honestly (two recipients, a header that
 * would override one we set, line breaks in a header).
 */
import { randomUUID } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import { invalidInput } from '../domain/errors.ts';
import type { OutgoingMessage } from './mailer.ts';

/** Who sends: the From header, and the right-hand side of generated Message-IDs. */
export interface SenderIdentity {
  /** `Paperboy <paperboy@papers.example.org>` or a bare address */
  readonly from: string;
  /** the domain in `<random@domain>`: the public host of the instance */
  readonly messageIdDomain: string;
}

/** Headers the mailer writes itself; an extra header may not replace them. */
const RESERVED_HEADERS = new Set([
  'from', 'sender', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id',
  'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition',
]);

const HEADER_NAME = /^[!-9;-~]+$/; // printable ASCII except ":" (RFC 5322 ftext)
const MESSAGE_ID = /^<[^<>@\s]+@[^<>@\s]+>$/;
const ONE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()\\]+$/;

export interface ComposedMessage {
  readonly messageId: string;
  readonly options: SendMailOptions;
}

export function compose(message: OutgoingMessage, identity: SenderIdentity, now: Date = new Date()): ComposedMessage {
  const to = message.to.trim();
  if (!ONE_ADDRESS.test(to)) {
    throw invalidInput(`cannot send to ${JSON.stringify(message.to)}: give exactly one address such as reader@example.org`);
  }
  if (/[\r\n]/.test(message.subject)) throw invalidInput('the subject must be one line');
  const messageId = message.messageId ?? newMessageId(identity.messageIdDomain);
  if (!MESSAGE_ID.test(messageId)) {
    throw invalidInput(`Message-ID ${JSON.stringify(messageId)} must look like <local@domain>`);
  }
  const headers: { key: string; value: string }[] = [];
  for (const [key, value] of Object.entries(message.headers ?? {})) {
    if (!HEADER_NAME.test(key)) throw invalidInput(`header name ${JSON.stringify(key)} is not a valid header name`);
    if (RESERVED_HEADERS.has(key.toLowerCase())) {
      throw invalidInput(`header ${key} is set by the mailer; give it as a field of the message instead`);
    }
    if (/[\r\n]/.test(value)) throw invalidInput(`header ${key} must be one line`);
    headers.push({ key, value });
  }
  return {
    messageId,
    options: {
      from: identity.from,
      to,
      subject: message.subject,
      date: now,
      messageId,
      headers,
      text: message.text,
      ...(message.html !== undefined ? { html: message.html } : {}),
      // the parts are our own strings: never let a message make the mailer read a file or a URL
      disableFileAccess: true,
      disableUrlAccess: true,
    },
  };
}

/** `<uuid@domain>`: unique without coordination, and says which instance sent it. */
export function newMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}

/** The Message-ID domain for an instance: its base URL's host name (`localhost` for a local one). */
export function messageIdDomainOf(baseUrl: string): string {
  return new URL(baseUrl).hostname || 'localhost';
}
