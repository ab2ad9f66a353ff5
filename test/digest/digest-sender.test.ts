import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DigestSender, type DigestSenderDeps } from '../../src/digest/digest-sender.ts';
import { DIGEST_SEND_DEFAULTS, type DigestSendSettings } from '../../src/digest/send-settings.ts';
import { SmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { writeTransaction } from '../../src/store/db.ts';
import { claimSends, ledgerRow } from '../../src/store/digest-ledger-repo.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-server.ts';
import { PlainComposer } from './plain-composer.ts';
import { addSubscribers, subscriberState } from './subscribers-table.ts';

const identity = { from: 'Paperboy <paperboy@papers.example.org>', messageIdDomain: 'papers.example.org' };
// Thursday 2026-11-26, 09:00 UTC: daily subscribers at 08:00 UTC are due for D2026-11-26
const THURSDAY_9 = new Date('2026-11-26T09:00:00.000Z');

let smtp: SmtpTestServer;
let dir: string;
let store: Store;
let mailer: SmtpMailer;
let composer: PlainComposer;
let now: Date;

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.stop();
});
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-digest-send-'));
  store = await openStore(path.join(dir, 'paperboy.db'));
  mailer = new SmtpMailer({ ...smtp.settings, maxConnections: 3 }, identity);
  composer = new PlainComposer();
  now = THURSDAY_9;
  smtp.messages.length = 0;
  smtp.clearFaults();
});
afterEach(async () => {
  await mailer.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function sender(settings: Partial<DigestSendSettings> = {}, deps: Partial<DigestSenderDeps> = {}): DigestSender {
  return new DigestSender({
    db: store.db, mailer, composer, messageIdDomain: 'papers.example.org', clock: () => now,
    settings: { ...DIGEST_SEND_DEFAULTS, concurrency: 3, batchSize: 2, ...settings }, ...deps,
  });
}

const idsOf = (messages: SmtpTestServer['messages']): string[] => messages.map((m) => m.parsed.messageId ?? '').sort();

describe('a digest pass', () => {
  it('sends each due subscriber their period once, with the deterministic Message-ID, and records it', async () => {
    const [a, b, c, weekly, , , later] = await addSubscribers(store.db, [
      { email: 'a@example.org' }, { email: 'b@example.org' }, { email: 'c@example.org', timeZone: 'Europe/Berlin' },
      { email: 'weekly@example.org', frequency: 'weekly' },
      { email: 'pending@example.org', status: 'pending' }, { email: 'paused@example.org', status: 'paused' },
      { email: 'later@example.org', sendHour: 10 },
    ]);
    const summary = await sender().run();
    expect(summary).toMatchObject({ due: 4, sent: 4, skipped: 0, failedTemporary: 0, failedPermanent: 0, stoppedEarly: null });
    expect(idsOf(smtp.messages)).toEqual([
      `<digest.${a}.D2026-11-26@papers.example.org>`, `<digest.${b}.D2026-11-26@papers.example.org>`,
      `<digest.${c}.D2026-11-26@papers.example.org>`, `<digest.${weekly}.W2026-W48@papers.example.org>`,
    ].sort());
    const first = smtp.messages.find((m) => m.envelope.to[0] === 'a@example.org')!;
    expect(first.parsed.subject).toBe('Your papers for D2026-11-26');
    expect(first.raw.toString()).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(await ledgerRow(store.db, { subscriberId: a!, period: 'D2026-11-26' })).toMatchObject({ status: 'sent', attempts: 1, claimedBy: expect.any(String) });
    expect(await ledgerRow(store.db, { subscriberId: later!, period: 'D2026-11-26' })).toBeNull();

    // the same pass again, and one an hour later: nothing new
    expect(await sender().run()).toMatchObject({ due: 0, sent: 0 });
    now = new Date('2026-11-26T10:00:00.000Z');
    expect(await sender().run()).toMatchObject({ due: 1, sent: 1 }); // only `later` has come due
    expect(smtp.messages).toHaveLength(5);
  });

  it('records "nothing to send" once and does not compose it again', async () => {
    await addSubscribers(store.db, [{ email: 'quiet@example.org' }, { email: 'loud@example.org' }]);
    expect(await sender().run()).toMatchObject({ due: 2, sent: 1, skipped: 1 });
    expect(composer.calls).toBe(2);
    expect(await sender().run()).toMatchObject({ due: 0 });
    expect(composer.calls).toBe(2);
  });

  it('a dry run claims nothing and sends nothing, and says who would get what', async () => {
    const [a] = await addSubscribers(store.db, [{ email: 'a@example.org' }, { email: 'w@example.org', frequency: 'weekly' }]);
    const summary = await sender().run({ dryRun: true });
    expect(summary.planned.map((p) => `${p.email} ${p.period} ${p.kind}`)).toEqual(['a@example.org D2026-11-26 new', 'w@example.org W2026-W48 new']);
    expect(summary.planned[0]!.messageId).toBe(`<digest.${a}.D2026-11-26@papers.example.org>`);
    expect(smtp.messages).toHaveLength(0);
    expect(composer.calls).toBe(0);
    expect(await ledgerRow(store.db, { subscriberId: a!, period: 'D2026-11-26' })).toBeNull();
  });

  it('--period sends that period to every active subscriber of its frequency, whatever their hour', async () => {
    await addSubscribers(store.db, [{ email: 'a@example.org', sendHour: 23 }, { email: 'w@example.org', frequency: 'weekly' }]);
    expect(await sender().run({ period: 'D2026-11-25' })).toMatchObject({ due: 1, sent: 1 });
    expect(smtp.messages[0]!.parsed.subject).toBe('Your papers for D2026-11-25');
    await expect(sender().run({ period: 'D2026-11-28' })).rejects.toThrow(/weekdays only/);
  });
});

describe('failures', () => {
  it('a 4xx is tried again after the backoff, with the same Message-ID', async () => {
    const [a] = await addSubscribers(store.db, [{ email: 'soft@example.org' }]);
    smtp.inject({ kind: 'reject-recipient', code: 451 }, { to: 'soft@example.org', times: 1 });
    expect(await sender().run()).toMatchObject({ due: 1, sent: 0, failedTemporary: 1 });
    const failed = await ledgerRow(store.db, { subscriberId: a!, period: 'D2026-11-26' });
    expect(failed).toMatchObject({ status: 'failed', nextAttemptAt: '2026-11-26T09:05:00.000Z', attempts: 1 });
    expect(failed!.lastError).toMatch(/451/);
    expect(await sender().run()).toMatchObject({ due: 0, waitingToRetry: 1 });
    now = new Date('2026-11-26T09:05:00.000Z');
    expect(await sender().run()).toMatchObject({ due: 1, sent: 1 });
    expect(await ledgerRow(store.db, { subscriberId: a!, period: 'D2026-11-26' })).toMatchObject({ status: 'sent', attempts: 2 });
    expect(idsOf(smtp.messages)).toEqual([`<digest.${a}.D2026-11-26@papers.example.org>`]);
  });

  it('hard bounces (5xx about the address) fail for good, are counted, and pause the subscriber at the third', async () => {
    const [gone, fine] = await addSubscribers(store.db, [{ email: 'gone@example.org' }, { email: 'fine@example.org' }]);
    smtp.inject({ kind: 'reject-recipient', code: 550, message: 'No such user' }, { to: 'gone@example.org' });
    const days = ['D2026-11-24', 'D2026-11-25', 'D2026-11-26'];
    const summaries = [];
    for (const period of days) summaries.push(await sender().run({ period }));
    expect(summaries.map((s) => [s.sent, s.failedPermanent, s.paused])).toEqual([[1, 1, 0], [1, 1, 0], [1, 1, 1]]);
    expect(await subscriberState(store.db, gone!)).toMatchObject({ status: 'paused', hard_bounces: 3, paused_at: THURSDAY_9.toISOString() });
    expect((await subscriberState(store.db, gone!)).last_bounce).toMatch(/No such user/);
    expect(await subscriberState(store.db, fine!)).toMatchObject({ status: 'active', hard_bounces: 0 });
    expect(await ledgerRow(store.db, { subscriberId: gone!, period: 'D2026-11-24' })).toMatchObject({ status: 'failed', nextAttemptAt: null });
    // paused: no longer due at all
    now = new Date('2026-11-27T09:00:00.000Z');
    expect(await sender().run({ period: 'D2026-11-27' })).toMatchObject({ due: 1, sent: 1 });
    // and a period that has not begun anywhere yet is refused
    await expect(sender().run({ period: 'D2026-11-30' })).rejects.toThrow(/has not begun anywhere yet/);
  });

  it('a 5xx refusing the message at DATA is a hard bounce too', async () => {
    const [a] = await addSubscribers(store.db, [{ email: 'a@example.org' }]);
    smtp.inject({ kind: 'reject-data', code: 554 }, { times: 1 });
    expect(await sender().run()).toMatchObject({ failedPermanent: 1 });
    expect(await subscriberState(store.db, a!)).toMatchObject({ hard_bounces: 1, status: 'active' });
  });

  it('gives up after the last attempt', async () => {
    const [a] = await addSubscribers(store.db, [{ email: 'soft@example.org' }]);
    smtp.inject({ kind: 'reject-recipient', code: 452 }, { to: 'soft@example.org' });
    const s = sender({ maxAttempts: 2, retryBaseMs: 1000 });
    expect(await s.run()).toMatchObject({ failedTemporary: 1 });
    now = new Date(now.getTime() + 1000);
    expect(await s.run()).toMatchObject({ failedPermanent: 1 });
    expect(await ledgerRow(store.db, { subscriberId: a!, period: 'D2026-11-26' })).toMatchObject({ status: 'failed', nextAttemptAt: null, attempts: 2 });
    expect((await ledgerRow(store.db, { subscriberId: a!, period: 'D2026-11-26' }))!.lastError).toMatch(/given up after 2 attempts/);
  });

  it('a composer error is a temporary failure of that digest only', async () => {
    await addSubscribers(store.db, [{ email: 'broken@example.org' }, { email: 'fine@example.org' }]);
    composer.failFor.add('broken@example.org');
    expect(await sender().run()).toMatchObject({ sent: 1, failedTemporary: 1 });
  });

  it('stops after failures in a row that are not about an address, and gives the unsent claims back', async () => {
    await addSubscribers(store.db, Array.from({ length: 8 }, (_, i) => ({ email: `r${i}@example.org` })));
    const down = new SmtpMailer({ host: '127.0.0.1', port: 1, secure: false, connectionTimeoutMs: 500 }, identity);
    try {
      const summary = await sender({ stopAfterFailuresInRow: 2, concurrency: 1, batchSize: 4 }, { mailer: down }).run();
      expect(summary.failedTemporary).toBe(2);
      expect(summary.stoppedEarly).toMatch(/2 failures in a row.*no usable connection/);
      expect(summary.sent).toBe(0);
    } finally {
      await down.close();
    }
    // the two claimed but not tried went back without counting as an attempt; the other four were never claimed
    const summary = await sender().run();
    expect(summary).toMatchObject({ due: 6, sent: 6, waitingToRetry: 2 });
  });
});

describe('claims and leases', () => {
  it('takes over a claim whose lease ran out (its sender died), and leaves a live one alone', async () => {
    const [dead, alive] = await addSubscribers(store.db, [{ email: 'dead@example.org' }, { email: 'alive@example.org' }]);
    await writeTransaction(store.db, async (trx) => {
      await claimSends(trx, [{ subscriberId: dead!, period: 'D2026-11-26', messageId: `<digest.${dead}.D2026-11-26@papers.example.org>` }],
        { claimedBy: 'crashed:1:aa', now: '2026-11-26T08:00:00.000Z', leaseUntil: '2026-11-26T08:15:00.000Z', maxAttempts: 5 });
      await claimSends(trx, [{ subscriberId: alive!, period: 'D2026-11-26', messageId: `<digest.${alive}.D2026-11-26@papers.example.org>` }],
        { claimedBy: 'busy:2:bb', now: '2026-11-26T08:59:00.000Z', leaseUntil: '2026-11-26T09:14:00.000Z', maxAttempts: 5 });
    });
    const summary = await sender().run();
    expect(summary).toMatchObject({ due: 1, sent: 1, inFlightElsewhere: 1 });
    expect(idsOf(smtp.messages)).toEqual([`<digest.${dead}.D2026-11-26@papers.example.org>`]);
    expect(await ledgerRow(store.db, { subscriberId: dead!, period: 'D2026-11-26' })).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('finishes a claim left by a dead sender even when its period is no longer the current one', async () => {
    const [a] = await addSubscribers(store.db, [{ email: 'a@example.org' }]);
    await writeTransaction(store.db, (trx) => claimSends(trx, [{ subscriberId: a!, period: 'D2026-11-25', messageId: `<digest.${a}.D2026-11-25@papers.example.org>` }],
      { claimedBy: 'crashed:1:aa', now: '2026-11-25T23:59:00.000Z', leaseUntil: '2026-11-26T00:14:00.000Z', maxAttempts: 5 }));
    expect(await sender().run()).toMatchObject({ due: 2, sent: 2 });
    expect(idsOf(smtp.messages)).toEqual([`<digest.${a}.D2026-11-25@papers.example.org>`, `<digest.${a}.D2026-11-26@papers.example.org>`]);
  });

  it('two senders at once never send the same digest twice (two processes: test/digest/crash.test.ts)', async () => {
    await addSubscribers(store.db, Array.from({ length: 60 }, (_, i) => ({ email: `s${i}@example.org` })));
    const [x, y] = await Promise.all([sender({ batchSize: 5 }).run(), sender({ batchSize: 5 }).run()]);
    expect(x.sent + y.sent).toBe(60);
    expect(x.sent).toBeGreaterThan(0);
    expect(y.sent).toBeGreaterThan(0);
    expect(new Set(idsOf(smtp.messages)).size).toBe(60);
    expect(smtp.messages).toHaveLength(60);
  });
});
