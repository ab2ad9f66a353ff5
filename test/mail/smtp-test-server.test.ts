/** The SMTP test server others build on (issue 12's crash test): its faults and waits are pinned here. */
import { describe, expect, it } from 'vitest';
import { SmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';

const identity = { from: 'paperboy@example.org', messageIdDomain: 'example.org' };
const msg = (to: string) => ({ to, subject: `to ${to}`, text: 'x' });

describe('test SMTP server', () => {
  it('waitForMessages says how many arrived when too few do', async () => {
    const smtp = await startSmtpServer();
    try {
      await expect(smtp.waitForMessages(1, 100)).rejects.toThrow('expected 1 message(s) within 100 ms, the SMTP server received 0');
    } finally {
      await smtp.stop();
    }
  });

  it('applies a fault only to its recipient and only as many times as asked', async () => {
    const smtp = await startSmtpServer();
    const mailer = new SmtpMailer(smtp.settings, identity);
    try {
      smtp.inject({ kind: 'reject-data', code: 554 }, { to: 'B@example.org', times: 2 });
      const results = [];
      for (const to of ['a@example.org', 'b@example.org', 'a@example.org', 'b@example.org', 'b@example.org']) {
        results.push(await mailer.send(msg(to)).then(() => 'ok', (e: { responseCode?: number }) => e.responseCode));
      }
      expect(results).toEqual(['ok', 554, 'ok', 554, 'ok']);
      expect(smtp.messages.map((m) => m.envelope.to[0])).toEqual(['a@example.org', 'a@example.org', 'b@example.org']);
      smtp.inject({ kind: 'reject-recipient', code: 450 });
      await expect(mailer.send(msg('c@example.org'))).rejects.toMatchObject({ responseCode: 450 });
      smtp.clearFaults();
      await mailer.send(msg('c@example.org'));
      expect(smtp.messages).toHaveLength(4);
    } finally {
      await mailer.close();
      await smtp.stop();
    }
  });

  it('stops at once even with a pooled connection still open', async () => {
    const smtp = await startSmtpServer();
    const mailer = new SmtpMailer(smtp.settings, identity);
    await mailer.send(msg('a@example.org'));
    const started = Date.now();
    await smtp.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await mailer.close();
  });
});
