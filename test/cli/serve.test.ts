import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runCli, startCli, writeOnePaperFile } from './run-cli.ts';

let dir: string;
let db: string;
let server: ChildProcess;
let base: string;
let log = '';

async function waitForHealth(url: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not come up: ${log}`);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-serve-'));
  db = path.join(dir, 'serve.db');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = startCli(['serve', '--db', db, '--port', String(port), '--host', '127.0.0.1'], { PAPERBOY_LOG_LEVEL: 'warn' });
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  await waitForHealth(`${base}/healthz`, 30_000);
});

afterAll(() => {
  if (server.exitCode === null) server.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('paperboy serve', () => {
  it('loads the demo papers into an empty database and serves the latest day', async () => {
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain('Friday, August 21, 2026');
    expect(html).toContain('EnvHarness');
  });

  it('sees an import made by another process on the next request', async () => {
    const day = '2026-08-24';
    const before = await (await fetch(`${base}/papers/date/${day}`)).text();
    expect(before).toContain('class="empty-day"');
    const file = writeOnePaperFile(path.join(dir, 'monday.json'), { id: '2608.99100', author: 'Ada Lovelace', title: 'Notes on the Analytical Engine', summary: 'An engine.', upvotes: 3 });
    const imported = await runCli(['import', '--db', db, '--date', day, file]);
    expect(imported.code).toBe(0);
    const after = await (await fetch(`${base}/papers/date/${day}`)).text();
    expect(after).toContain('Notes on the Analytical Engine');
    const home = await (await fetch(`${base}/`)).text();
    expect(home).toContain('Monday, August 24, 2026');
  });

  it('a second server on the same port fails with a clear message', async () => {
    const r = await runCli(['serve', '--db', db, '--port', base.split(':').pop()!, '--host', '127.0.0.1'], { PAPERBOY_LOG_LEVEL: 'warn' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('already in use');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
