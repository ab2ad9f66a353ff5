import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mailerFor } from '../../src/app/mailer-for-config.ts';
import { loadConfig } from '../../src/config.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-server.ts';

let smtp: SmtpTestServer | undefined;
let mailer: Mailer | undefined;
let dir: string | undefined;

afterEach(async () => {
  await mailer?.close();
  await smtp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  smtp = mailer = dir = undefined;
});

describe('mailerFor(config)', () => {
  it('sends through the SMTP server of SMTP_URL, signed in, From and Message-ID from the config', async () => {
    smtp = await startSmtpServer({ auth: { user: 'pb', pass: 'p@ss word' }, tls: 'starttls' });
    const config = loadConfig({ SMTP_URL: smtp.url, PAPERBOY_BASE_URL: 'https://papers.example.org', PAPERBOY_DB: ':memory:' });
    mailer = mailerFor(config);
    expect(mailer.description).toBe(`SMTP server 127.0.0.1:${smtp.port} (STARTTLS when offered, signed in as pb)`);
    const sent = await mailer.send({ to: 'reader@example.org', subject: 'Hello', text: 'Hi' });
    const [msg] = await smtp.waitForMessages(1);
    expect(msg!.user).toBe('pb');
    expect(msg!.secure).toBe(true);
    expect(msg!.parsed.from?.value).toEqual([{ name: 'Paperboy', address: 'paperboy@papers.example.org' }]);
    expect(sent.messageId).toMatch(/@papers\.example\.org>$/);
  });

  it('writes to the outbox folder without SMTP_URL, and says where', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-mailer-for-'));
    const outbox = path.join(dir, 'outbox');
    mailer = mailerFor(loadConfig({ PAPERBOY_OUTBOX: outbox, PAPERBOY_MAIL_FROM: 'Lab <lab@example.org>' }));
    expect(mailer.description).toContain(`the outbox folder ${outbox}`);
    const sent = await mailer.send({ to: 'reader@example.org', subject: 'Hello', text: 'Hi' });
    expect(sent.via).toBe('outbox');
    expect(readdirSync(outbox)).toEqual([path.basename(sent.file!)]);
    expect(sent.messageId).toMatch(/@localhost>$/);
  });
});
