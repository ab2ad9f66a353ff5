import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onePagePdf } from '../helpers/test-images.ts';
import { startReplayServer, type ReplayServer } from '../helpers/replay-server.ts';
import { runCli, writeOnePaperFile } from './run-cli.ts';

let dir: string;
let db: string;
let server: ReplayServer;
let env: Record<string, string>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-thumbs-'));
  db = path.join(dir, 'thumbs.db');
  server = await startReplayServer();
  server.route({ match: (u) => u.pathname === '/pdf/2608.99100', reply: { body: onePagePdf() } });
  env = { PAPERBOY_THUMBNAILS: 'all', ARXIV_PDF_URL: `${server.base}/pdf`, PAPERBOY_REQUEST_INTERVAL_MS: '0' };
  const file = writeOnePaperFile(path.join(dir, 'one.json'), { id: '2608.99100', author: 'Ada Lovelace', title: 'Notes', summary: 'An engine.', upvotes: 3 });
  expect((await runCli(['import', '--db', db, '--date', '2026-08-24', file])).code).toBe(0);
});

afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('paperboy thumbnails', () => {
  it('renders the listed paper’s first page, then has nothing to do; stats says how far it got', async () => {
    const first = await runCli(['thumbnails', '--db', db], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Stored 1 of 1 thumbnails \(1 rendered from PDFs\) in \d+\.\d s$/m);
    expect(first.stdout).toContain('Thumbnails  1 of 1 listed papers have a thumbnail (upstream 0, PDF 1)');
    const again = await runCli(['thumbnails', '--db', db], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to do');
    expect(server.requests.filter((r) => r.url === '/pdf/2608.99100')).toHaveLength(1);
    const stats = await runCli(['stats', '--db', db], env);
    expect(stats.stdout).toContain('Thumbnails  1 of 1 listed papers have a thumbnail');
  });

  it('refuses a bad --limit, and says so when thumbnails are off (exit 2, nothing fetched)', async () => {
    const before = server.requests.length;
    const bad = await runCli(['thumbnails', '--db', db, '--limit', 'lots'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit "lots" must be a whole number from 1 to 100000');
    const off = await runCli(['thumbnails', '--db', db], { ...env, PAPERBOY_THUMBNAILS: 'off' });
    expect(off.code).toBe(2);
    expect(off.stderr).toContain('thumbnails are off (PAPERBOY_THUMBNAILS=off)');
    expect(server.requests.length).toBe(before);
  });

  it('exits 1 when a paper failed, saying why and that it is tried again later', async () => {
    const file = writeOnePaperFile(path.join(dir, 'two.json'), { id: '2608.99101', author: 'Ada Lovelace', title: 'More notes', summary: 'Another.', upvotes: 1 });
    expect((await runCli(['import', '--db', db, '--date', '2026-08-25', file])).code).toBe(0);
    const r = await runCli(['thumbnails', '--db', db], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Stored 0 of 1 thumbnails');
    expect(r.stderr).toMatch(/1 failed and will be tried again later; first: PDF http:\/\/127\.0\.0\.1:\d+\/pdf\/2608\.99101: HTTP 404/);
  });
});
