import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { MailSendError } from '../../src/mail/mail-send-error.ts';
import type { OutgoingMessage } from '../../src/mail/mailer.ts';
import { SmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-server.ts';

const identity = { from: 'Paperboy <paperboy@papers.example.org>', messageIdDomain: 'papers.example.org' };

const digestLike: OutgoingMessage = {
  to: 'reader@example.org',
  subject: 'Today in papers: Attention — again ✓',
  text: 'Plain part.\nSecond line with ünïcode.',
  html: '<p>HTML part with <b>bold</b> and ünïcode.</p>',
  headers: {
    'List-Unsubscribe': '<https://papers.example.org/unsubscribe?t=abc123>, <mailto:unsubscribe@papers.example.org?subject=abc123>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
};

let smtp: SmtpTestServer | undefined;
let mailer: SmtpMailer | undefined;

afterEach(async () => {
  await mailer?.close();
  await smtp?.stop();
  mailer = undefined;
  smtp = undefined;
});

async function failure(p: Promise<unknown>): Promise<MailSendError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(MailSendError);
  return e as MailSendError;
}

describe('SmtpMailer: delivering', () => {
  it('delivers subject, both parts, From, Date, a generated Message-ID and the extra headers intact', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer(smtp.settings, identity);
    const before = Date.now();
    const sent = await mailer.send(digestLike);
    const [msg] = await smtp.waitForMessages(1);
    const mail = msg!.parsed;

    expect(sent.via).toBe('smtp');
    expect(sent.response).toMatch(/^250/);
    expect(sent.messageId).toMatch(/^<[0-9a-f-]{36}@papers\.example\.org>$/);
    expect(mail.messageId).toBe(sent.messageId);
    expect(mail.subject).toBe(digestLike.subject);
    expect(mail.text?.trim()).toBe(digestLike.text);
    expect(mail.html).toContain('<b>bold</b> and ünïcode');
    expect(mail.from?.value).toEqual([{ name: 'Paperboy', address: 'paperboy@papers.example.org' }]);
    expect(mail.headers.get('to')).toMatchObject({ value: [{ address: 'reader@example.org' }] });
    expect(mail.date!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(mail.date!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(String(mail.headers.get('content-type') && (mail.headers.get('content-type') as { value: string }).value)).toBe('multipart/alternative');
    // mailparser splits List-* headers into objects; the raw source shows them as written
    const rawHeaders = msg!.raw.toString('utf8').split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    expect(rawHeaders).toContain(`List-Unsubscribe: ${digestLike.headers!['List-Unsubscribe']}`);
    expect(rawHeaders).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(msg!.envelope).toEqual({ from: 'paperboy@papers.example.org', to: ['reader@example.org'] });
  });

  it('sends a text-only message as a single text/plain part', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer(smtp.settings, identity);
    await mailer.send({ to: 'a@example.org', subject: 'Sign in', text: 'Your link: https://x.example/s/1' });
    const [msg] = await smtp.waitForMessages(1);
    expect(msg!.parsed.html).toBe(false);
    expect((msg!.parsed.headers.get('content-type') as { value: string }).value).toBe('text/plain');
  });

  it('uses the Message-ID it is given', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer(smtp.settings, identity);
    const sent = await mailer.send({ ...digestLike, messageId: '<digest.42.2026-11-26@papers.example.org>' });
    const [msg] = await smtp.waitForMessages(1);
    expect(sent.messageId).toBe('<digest.42.2026-11-26@papers.example.org>');
    expect(msg!.parsed.messageId).toBe('<digest.42.2026-11-26@papers.example.org>');
  });

  it('reuses pooled connections across many sends', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer({ ...smtp.settings, maxConnections: 2 }, identity);
    await Promise.all(Array.from({ length: 20 }, (_, i) => mailer!.send({ ...digestLike, to: `r${i}@example.org` })));
    for (let i = 0; i < 5; i += 1) await mailer.send({ ...digestLike, to: `late${i}@example.org` });
    await smtp.waitForMessages(25);
    expect(smtp.connections()).toBeLessThanOrEqual(2);
    expect(new Set(smtp.messages.map((m) => m.parsed.messageId)).size).toBe(25);
  });

  it('refuses what it cannot express, before connecting', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer(smtp.settings, identity);
    for (const bad of [
      { ...digestLike, to: 'a@example.org, b@example.org' },
      { ...digestLike, to: 'not an address' },
      { ...digestLike, messageId: 'no-brackets@example.org' },
      { ...digestLike, headers: { From: 'evil@example.org' } },
      { ...digestLike, headers: { 'X-Injected': 'a\r\nBcc: evil@example.org' } },
      { ...digestLike, subject: 'two\r\nBcc: evil@example.org' },
    ]) {
      const e = await mailer.send(bad).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('invalid_input');
    }
    expect(smtp.connections()).toBe(0);
  });
});

describe('SmtpMailer: auth and TLS', () => {
  it('signs in with the user and password it is given', async () => {
    smtp = await startSmtpServer({ auth: { user: 'paperboy', pass: 's3cret:/@' } });
    mailer = new SmtpMailer(smtp.settings, identity);
    expect(mailer.description).toContain('signed in as paperboy');
    await mailer.verify();
    await mailer.send(digestLike);
    const [msg] = await smtp.waitForMessages(1);
    expect(msg!.user).toBe('paperboy');
  });

  it('fails with a permanent auth error on a wrong password, and says so', async () => {
    smtp = await startSmtpServer({ auth: { user: 'paperboy', pass: 'right' } });
    mailer = new SmtpMailer({ ...smtp.settings, pass: 'wrong' }, identity);
    const e = await failure(mailer.send(digestLike));
    expect(e.stage).toBe('auth');
    expect(e.responseCode).toBe(535);
    expect(e.permanent).toBe(true);
    expect(e.hardBounce).toBe(false);
    expect(e.message).toMatch(/signing in failed/);
    expect(smtp.authFailures()).toBeGreaterThan(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it('upgrades with STARTTLS when the server offers it', async () => {
    smtp = await startSmtpServer({ tls: 'starttls', auth: { user: 'u', pass: 'p' } });
    mailer = new SmtpMailer(smtp.settings, identity);
    await mailer.send(digestLike);
    const [msg] = await smtp.waitForMessages(1);
    expect(msg!.secure).toBe(true);
    expect(msg!.user).toBe('u');
  });

  it('speaks TLS from the first byte for smtps', async () => {
    smtp = await startSmtpServer({ tls: 'implicit' });
    mailer = new SmtpMailer(smtp.settings, identity);
    expect(mailer.description).toContain('(TLS');
    await mailer.send(digestLike);
    const [msg] = await smtp.waitForMessages(1);
    expect(msg!.secure).toBe(true);
  });

  it('refuses a self-signed certificate unless told to accept it', async () => {
    smtp = await startSmtpServer({ tls: 'implicit' });
    mailer = new SmtpMailer({ ...smtp.settings, rejectUnauthorized: true }, identity);
    const e = await failure(mailer.send(digestLike));
    expect(e.stage).toBe('connection');
    expect(e.permanent).toBe(false);
    expect(e.message).toMatch(/certificate/i);
  });
});

describe('SmtpMailer: failures carry the reply code', () => {
  it('a 550 on the recipient is a permanent error with code 550 (a hard bounce)', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer(smtp.settings, identity);
    smtp.inject({ kind: 'reject-recipient', code: 550, message: 'No such user here' }, { to: 'gone@example.org' });
    const e = await failure(mailer.send({ ...digestLike, to: 'gone@example.org' }));
    expect(e).toMatchObject({ stage: 'recipient', responseCode: 550, permanent: true, hardBounce: true, code: 'unavailable' });
    expect(e.message).toContain('No such user here');
    expect(e.message).toContain('gone@example.org');
    // the pool goes on: the next recipient is fine
    await mailer.send({ ...digestLike, to: 'ok@example.org' });
    const msgs = await smtp.waitForMessages(1);
    expect(msgs.map((m) => m.envelope.to)).toEqual([['ok@example.org']]);
  });

  it('a 451 on the recipient is a temporary error with code 451', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer(smtp.settings, identity);
    smtp.inject({ kind: 'reject-recipient', code: 451 }, { times: 1 });
    const e = await failure(mailer.send(digestLike));
    expect(e).toMatchObject({ stage: 'recipient', responseCode: 451, permanent: false, hardBounce: false });
    await mailer.send(digestLike); // used up: the retry goes through
    await smtp.waitForMessages(1);
  });

  it('a 554 at the end of DATA is a permanent refusal of the message', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer(smtp.settings, identity);
    smtp.inject({ kind: 'reject-data', code: 554, message: 'Message looks like spam' });
    const e = await failure(mailer.send(digestLike));
    expect(e).toMatchObject({ stage: 'message', responseCode: 554, permanent: true });
    expect(e.message).toContain('Message looks like spam');
    expect(smtp.messages).toHaveLength(0);
  });

  it('a 452 at the end of DATA is temporary', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer(smtp.settings, identity);
    smtp.inject({ kind: 'reject-data', code: 452 });
    const e = await failure(mailer.send(digestLike));
    expect(e).toMatchObject({ stage: 'message', responseCode: 452, permanent: false });
  });

  it('a connection dropped before the final reply is a temporary failure, never resent behind the caller', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer(smtp.settings, identity);
    smtp.inject({ kind: 'drop-before-final-reply' }, { times: 1 });
    const e = await failure(mailer.send({ ...digestLike, messageId: '<once@papers.example.org>' }));
    expect(e).toMatchObject({ stage: 'connection', responseCode: undefined, permanent: false });
    await new Promise((r) => setTimeout(r, 300));
    // the server holds the one copy it got, unacknowledged; the pool did not requeue it
    expect(smtp.messages.map((m) => [m.parsed.messageId, m.acknowledged])).toEqual([['<once@papers.example.org>', false]]);
    // the caller may resend with the same Message-ID: recognisable as a resend
    await mailer.send({ ...digestLike, messageId: '<once@papers.example.org>' });
    await smtp.waitForMessages(2);
    expect(smtp.messages[1]!.acknowledged).toBe(true);
  });

  it('a final reply slower than the socket timeout fails the send as temporary', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer({ ...smtp.settings, socketTimeoutMs: 300 }, identity);
    smtp.inject({ kind: 'delay-final-reply', ms: 1000 }, { times: 1 });
    const e = await failure(mailer.send(digestLike));
    expect(e).toMatchObject({ stage: 'connection', permanent: false });
    await new Promise((r) => setTimeout(r, 900));
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.acknowledged).toBe(false);
  });

  it('a delayed final reply within the timeout is simply waited for', async () => {
    smtp = await startSmtpServer();
    mailer = new SmtpMailer(smtp.settings, identity);
    smtp.inject({ kind: 'delay-final-reply', ms: 300 }, { times: 1 });
    const started = Date.now();
    await mailer.send(digestLike);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(smtp.messages[0]!.acknowledged).toBe(true);
  });

  it('nobody listening is a temporary connection failure', async () => {
    smtp = await startSmtpServer();
    const port = smtp.port;
    await smtp.stop();
    smtp = undefined;
    mailer = new SmtpMailer({ host: '127.0.0.1', port, secure: false }, identity);
    const e = await failure(mailer.send(digestLike));
    expect(e).toMatchObject({ stage: 'connection', permanent: false, responseCode: undefined });
    await expect(mailer.verify()).rejects.toBeInstanceOf(MailSendError);
  });
});
