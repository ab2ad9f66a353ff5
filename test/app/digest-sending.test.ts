import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Paperboy } from '../../src/app/paperboy.ts';
import { loadConfig } from '../../src/config.ts';
import { SmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-server.ts';
import { PlainComposer } from '../digest/plain-composer.ts';
import { addSubscribers } from '../digest/subscribers-table.ts';

let smtp: SmtpTestServer;
let dir: string;
let store: Store;
const identity = { from: 'Paperboy <paperboy@papers.example.org>', messageIdDomain: 'papers.example.org' };
const clock = (): Date => new Date('2026-11-26T09:00:00.000Z');

beforeEach(async () => {
  smtp = await startSmtpServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-digest-app-'));
  store = await openStore(path.join(dir, 'paperboy.db'));
  await addSubscribers(store.db, [{ email: 'a@example.org' }, { email: 'b@example.org' }, { email: 'w@example.org', frequency: 'weekly' }]);
});
afterEach(async () => {
  await smtp.stop();
  rmSync(dir, { recursive: true, force: true });
});

function config(extra: Record<string, string> = {}) {
  return loadConfig({ PAPERBOY_DB: path.join(dir, 'paperboy.db'), PAPERBOY_EMBEDDER: 'none', PAPERBOY_BASE_URL: 'https://papers.example.org', ...extra });
}

describe('digest sending in the core', () => {
  it('a server sends due digests by itself as soon as it starts, and stops cleanly on close', async () => {
    const mailer = new SmtpMailer(smtp.settings, identity);
    const core = await Paperboy.over(store, config(), { serve: true, mailer, clock, digestComposer: new PlainComposer() });
    core.startBackground();
    const messages = await smtp.waitForMessages(3, 15_000);
    await core.close();
    expect(messages.map((m) => m.parsed.messageId).sort()).toEqual([
      '<digest.1.D2026-11-26@papers.example.org>', '<digest.2.D2026-11-26@papers.example.org>', '<digest.3.W2026-W48@papers.example.org>',
    ]);
  });

  it('PAPERBOY_DIGEST_SCHEDULE=false: a server leaves digests to someone else', async () => {
    const mailer = new SmtpMailer(smtp.settings, identity);
    const core = await Paperboy.over(store, config({ PAPERBOY_DIGEST_SCHEDULE: 'false' }), { serve: true, mailer, clock, digestComposer: new PlainComposer() });
    core.startBackground();
    await new Promise((r) => setTimeout(r, 500));
    await core.close();
    expect(smtp.messages).toHaveLength(0);
  });

  it('by hand: one pass with the configured settings; without a composer it refuses before claiming anything', async () => {
    const mailer = new SmtpMailer(smtp.settings, identity);
    const bare = await Paperboy.over(store, config(), { mailer, clock, digestComposer: null });
    await expect(bare.digestSending.send()).rejects.toThrow(/no digest composer.*nothing was claimed or sent/);
    expect((await bare.digestSending.send({ dryRun: true })).planned).toHaveLength(3);
    const core = await Paperboy.over(store, config({ PAPERBOY_DIGEST_CONCURRENCY: '2', PAPERBOY_DIGEST_BATCH_SIZE: '1' }), { mailer, clock, digestComposer: new PlainComposer() });
    expect(await core.digestSending.send({ verifyMailFirst: true })).toMatchObject({ due: 3, sent: 3 });
    await core.close();
  });
});
