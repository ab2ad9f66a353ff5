/**
 * The one place a Mailer is made from the configuration: SMTP when `SMTP_URL` is set,
 * otherwise .eml files in the outbox folder (the embedded default). Sign-in mail and digests
 * both get their Mailer here, so every outgoing message goes the same way.
 */
import type { Config } from '../config.ts';
import { messageIdDomainOf, type SenderIdentity } from '../mail/compose.ts';
import type { Mailer } from '../mail/mailer.ts';
import { OutboxMailer } from '../mail/outbox-mailer.ts';
import { SmtpMailer } from '../mail/smtp-mailer.ts';

export function mailerFor(config: Config): Mailer {
  const identity: SenderIdentity = { from: config.mailFrom, messageIdDomain: messageIdDomainOf(config.baseUrl) };
  return config.smtp ? new SmtpMailer(config.smtp, identity) : new OutboxMailer(config.outbox, identity);
}
