/**
 * kill -9 at many points of an OAI-PMH harvest, then rerun: the database must
 * hold every record of the feed exactly once — no duplicates, no gaps.
 * The harvester runs as the real CLI in a child process; the replay server
 * kills it (SIGKILL) a few milliseconds after serving a chosen page, so the
 * kill lands before, during or after the page's transaction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli/run-cli.ts';
import { oaiFeed } from '../helpers/oai-feed.ts';
import { startReplayServer, type ReplayServer } from '../helpers/replay-server.ts';

const PAGES = 24;
const PER_PAGE = 5;
const KILL_DELAYS_MS = [0, 1, 2, 5, 8, 12, 20, 30, 50, 80, 3, 15];

let server: ReplayServer;
let dir: string;
let db: string;
let child: ChildProcess | null = null;
let killAfterRequest = Number.POSITIVE_INFINITY;
let killDelay = 0;
let requestsThisRun = 0;
const feed = oaiFeed(PAGES, PER_PAGE);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-crash-'));
  db = path.join(dir, 'crash.db');
  server = await startReplayServer();
  const pages = feed.route();
  server.route({
    match: pages.match,
    reply: (u) => {
      requestsThisRun += 1;
      if (requestsThisRun === killAfterRequest && child?.pid) {
        const victim = child.pid;
        setTimeout(() => {
          try {
            process.kill(victim, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }, killDelay);
      }
      return typeof pages.reply === 'function' ? pages.reply(u) : pages.reply;
    },
  });
});
afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function harvest(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  requestsThisRun = 0;
  const env = { ARXIV_OAI_URL: `${server.base}/oai`, PAPERBOY_REQUEST_INTERVAL_MS: '0' };
  child = startCli(['ingest', 'oai', '--db', db, '--set', 'cs', '--from', '2024-01-01', '--format', 'arXiv'], env);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal, stderr })));
}

describe('kill -9 during an OAI-PMH harvest', () => {
  it('leaves no duplicates and no gaps after a rerun, over 12 kill points', async () => {
    let killed = 0;
    for (const [i, delay] of KILL_DELAYS_MS.entries()) {
      killAfterRequest = 1 + (i % 2); // die on the first or second page of each run
      killDelay = delay;
      const r = await harvest();
      if (r.signal === 'SIGKILL') killed += 1;
      else expect(r.code, r.stderr).toBe(0);
    }
    expect(killed).toBeGreaterThanOrEqual(10);

    killAfterRequest = Number.POSITIVE_INFINITY;
    const last = await harvest();
    expect(last.code, last.stderr).toBe(0);

    const sqlite = new SqliteDatabase(db, { readonly: true });
    try {
      const ids = sqlite.prepare('SELECT id FROM papers ORDER BY id').pluck().all() as string[];
      expect(ids).toEqual([...feed.ids].sort());
      const dupes = sqlite.prepare('SELECT count(*) - count(DISTINCT id) FROM papers').pluck().get();
      expect(dupes).toBe(0);
      const state = JSON.parse(sqlite.prepare("SELECT state_json FROM ingest_state WHERE key LIKE 'oai:%'").pluck().get() as string);
      expect(state.token).toBeNull();
      // the full-text index saw every paper once
      expect(sqlite.prepare("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'lattice OR galaxy OR quantum OR the'").pluck().get()).toBeLessThanOrEqual(ids.length);
      expect(sqlite.prepare('SELECT count(*) FROM papers_fts_docsize').pluck().get()).toBe(ids.length);
    } finally {
      sqlite.close();
    }
  }, 180_000);
});
