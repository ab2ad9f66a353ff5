import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.ts';
import { addSubscribers } from '../digest/subscribers-table.ts';
import { runCli } from './run-cli.ts';

let dir: string;
let db: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-digest-cli-'));
  db = path.join(dir, 'paperboy.db');
  const store = await openStore(db);
  // the tests name a period (--period): what is due "now" depends on the day they run
  await addSubscribers(store.db, [{ email: 'a@example.org' }, { email: 'w@example.org', frequency: 'weekly' }]);
  await store.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const env = { PAPERBOY_BASE_URL: 'https://papers.example.org', PAPERBOY_DEMO_DATA: 'false' };

describe('paperboy digest send', () => {
  it('--dry-run lists who would get which digest, with its Message-ID, and claims nothing', async () => {
    const r = await runCli(['digest', 'send', '--dry-run', '--period', 'D2026-11-25', '--db', db], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('a@example.org');
    expect(r.stdout).toContain('<digest.1.D2026-11-25@papers.example.org>');
    expect(r.stdout).not.toContain('w@example.org');
    expect(r.stdout).toContain('Would send 1 digest (dry run: nothing claimed, nothing sent).');
    const json = await runCli(['digest', 'send', '--dry-run', '--period', 'W2026-W48', '--json', '--db', db], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ due: 1, sent: 0, planned: [{ email: 'w@example.org', period: 'W2026-W48', kind: 'new' }] });
  });

  it('a period that is not one exits 2 with what to write', async () => {
    const r = await runCli(['digest', 'send', '--period', '2026-11-25', '--db', db], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/must be a day such as D2026-11-26 .* or an ISO week such as W2026-W48/);
    const weekend = await runCli(['digest', 'send', '--dry-run', '--period', 'D2026-11-28', '--db', db], env);
    expect(weekend.code).toBe(2);
    expect(weekend.stderr).toMatch(/weekdays only/);
  });

  it('a bad setting exits 2 before anything is opened', async () => {
    const r = await runCli(['digest', 'send', '--db', db], { ...env, PAPERBOY_DIGEST_CONCURRENCY: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PAPERBOY_DIGEST_CONCURRENCY="0" must be a whole number from 1 to 64');
  });

  it('sends each due subscriber one composed digest (to the outbox here), and a second run sends nothing more', async () => {
    const outbox = path.join(dir, 'outbox');
    const withOutbox = { ...env, PAPERBOY_OUTBOX: outbox };
    const imported = await runCli(['import', 'data/demo/daily_papers.jsonl.gz', '--quiet', '--db', db], withOutbox);
    expect(imported.code).toBe(0);
    // Friday 2026-08-21's daily digest holds what was listed on Thursday the 20th (demo data)
    const r = await runCli(['digest', 'send', '--period', 'D2026-08-21', '--db', db], withOutbox);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = fs.readFileSync(path.join(outbox, files[0]!), 'utf8');
    expect(eml).toMatch(/^To: a@example\.org/m);
    expect(eml).toMatch(/^Message-ID: <digest\.1\.D2026-08-21@papers\.example\.org>/im);
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    const again = await runCli(['digest', 'send', '--period', 'D2026-08-21', '--db', db], withOutbox);
    expect(again.code).toBe(0);
    expect(fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  }, 120_000);
});
