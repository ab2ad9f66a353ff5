import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { MailSendError } from '../../src/mail/mail-send-error.ts';
import { OutboxMailer } from '../../src/mail/outbox-mailer.ts';

const identity = { from: 'Paperboy <paperboy@papers.example.org>', messageIdDomain: 'papers.example.org' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-outbox-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('OutboxMailer', () => {
  it('writes a parseable .eml with the same content, headers and a generated Message-ID', async () => {
    const outbox = path.join(dir, 'outbox'); // created on first send
    const mailer = new OutboxMailer(outbox, identity);
    expect(mailer.description).toContain(outbox);
    const sent = await mailer.send({
      to: 'reader@example.org',
      subject: 'Sign in to Paperboy — ✓',
      text: 'Open https://papers.example.org/signin/abc to sign in.',
      html: '<p>Open <a href="https://papers.example.org/signin/abc">this link</a>.</p>',
      headers: { 'List-Unsubscribe': '<https://papers.example.org/u/1>', 'X-Paperboy-Kind': 'sign-in' },
    });
    expect(sent.via).toBe('outbox');
    expect(path.dirname(sent.file!)).toBe(outbox);
    expect(readdirSync(outbox)).toEqual([path.basename(sent.file!)]); // no temp file left behind
    expect(sent.file).toMatch(/\.eml$/);

    const mail = await simpleParser(readFileSync(sent.file!));
    expect(mail.messageId).toBe(sent.messageId);
    expect(sent.messageId).toMatch(/^<[0-9a-f-]{36}@papers\.example\.org>$/);
    expect(mail.subject).toBe('Sign in to Paperboy — ✓');
    expect(mail.from?.value).toEqual([{ name: 'Paperboy', address: 'paperboy@papers.example.org' }]);
    expect(mail.text?.trim()).toBe('Open https://papers.example.org/signin/abc to sign in.');
    expect(mail.html).toContain('href="https://papers.example.org/signin/abc"');
    expect(mail.date).toBeInstanceOf(Date);
    expect(Math.abs(mail.date!.getTime() - Date.now())).toBeLessThan(5000);
    expect(mail.headers.get('x-paperboy-kind')).toBe('sign-in');
    expect(readFileSync(sent.file!, 'utf8')).toMatch(/^MIME-Version: 1\.0$/m);
  });

  it('uses a given Message-ID', async () => {
    const mailer = new OutboxMailer(dir, identity);
    const sent = await mailer.send({ to: 'a@example.org', subject: 's', text: 't', messageId: '<fixed.1@papers.example.org>' });
    expect((await simpleParser(readFileSync(sent.file!))).messageId).toBe('<fixed.1@papers.example.org>');
  });

  it('never collides under concurrent sends, from one mailer or two, and names sort by time', async () => {
    const a = new OutboxMailer(dir, identity);
    const b = new OutboxMailer(dir, identity);
    const sends = Array.from({ length: 100 }, (_, i) =>
      (i % 2 ? a : b).send({ to: `r${i}@example.org`, subject: `n${i}`, text: `body ${i}` }),
    );
    const sent = await Promise.all(sends);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(100);
    expect(new Set(sent.map((s) => s.file)).size).toBe(100);
    const subjects = await Promise.all(files.map(async (f) => (await simpleParser(readFileSync(path.join(dir, f)))).subject));
    expect(new Set(subjects).size).toBe(100);

    const later = await a.send({ to: 'last@example.org', subject: 'last', text: 'x' });
    await new Promise((r) => setTimeout(r, 5));
    const latest = await b.send({ to: 'latest@example.org', subject: 'latest', text: 'x' });
    const all = readdirSync(dir).sort();
    expect(all.at(-2)).toBe(path.basename(later.file!));
    expect(all.at(-1)).toBe(path.basename(latest.file!));
  });

  it('a bad outbox path gives a clear error and writes nothing', async () => {
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    for (const folder of [file, path.join(file, 'outbox')]) {
      const mailer = new OutboxMailer(folder, identity);
      const e = await mailer.send({ to: 'a@example.org', subject: 's', text: 't' }).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(MailSendError);
      expect((e as MailSendError).stage).toBe('outbox');
      expect((e as MailSendError).message).toContain(`cannot write to the outbox folder ${folder}: a file is in the way`);
      await expect(mailer.verify()).rejects.toThrow(/a file is in the way/);
    }
    expect(readdirSync(dir)).toEqual(['not-a-folder']);
  });

  it('verify creates the folder and leaves nothing in it', async () => {
    const outbox = path.join(dir, 'a', 'b');
    await new OutboxMailer(outbox, identity).verify();
    expect(readdirSync(outbox)).toEqual([]);
  });

  it('refuses a message it cannot express without writing a file', async () => {
    const mailer = new OutboxMailer(dir, identity);
    const e = await mailer.send({ to: 'a@example.org; b@example.org', subject: 's', text: 't' }).then(() => undefined, (err: unknown) => err);
    expect((e as AppError).code).toBe('invalid_input');
    expect(readdirSync(dir)).toEqual([]);
  });
});
