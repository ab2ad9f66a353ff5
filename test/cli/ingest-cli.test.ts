/** The four sources end to end through the CLI, against a local replay server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.ts';
import { fixtureText } from '../fixtures/files.ts';
import { oaiFeed } from '../helpers/oai-feed.ts';
import { startReplayServer, type ReplayServer } from '../helpers/replay-server.ts';
import { runCli } from './run-cli.ts';

let server: ReplayServer;
let dir: string;
let db: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-ingest-cli-'));
  db = path.join(dir, 'ingest.db');
  server = await startReplayServer();
  server.route({ match: (u) => u.pathname === '/api/query' && u.searchParams.get('id_list') === '2104.12255', reply: { body: fixtureText('arxiv-api/head/id_2104.12255v1_s0_m100_6ae69987ffe1.xml') } });
  server.route({
    match: (u) => u.pathname === '/api/query' && u.searchParams.has('search_query'),
    reply: (u) => ({ body: fixtureText(u.searchParams.get('start') === '0' ? 'arxiv-api/head/q_testing_s0_m10_bc5a6c384fe9.xml' : 'arxiv-api/head/id_0000.0000_s0_m100_8b51d9633a68.xml') }),
  });
  server.route(oaiFeed(3, 4).route());
  server.route({ match: (u) => u.pathname === '/rss/cs.AI', reply: { body: fixtureText('arxiv-rss/rss-cs.AI.xml') } });
  server.route({ match: (u) => u.pathname === '/hf/api/daily_papers', reply: { headers: { 'content-type': 'application/json' }, body: fixtureText('daily-2026-07-15.json') } });
  env = { ARXIV_API_URL: `${server.base}/api/query`, ARXIV_OAI_URL: `${server.base}/oai`, ARXIV_RSS_URL: `${server.base}/rss`, PAPERBOY_REQUEST_INTERVAL_MS: '0' };
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('paperboy ingest', () => {
  it('id: fetches a paper by id and shows it', async () => {
    const r = await runCli(['ingest', 'id', '--db', db, '2104.12255'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('papers:   1 new, 0 updated, 0 unchanged, 0 failed');
    expect((await runCli(['papers', 'show', '--db', db, '2104.12255'])).code).toBe(0);
  });

  it('arxiv: pages a category query', async () => {
    const r = await runCli(['ingest', 'arxiv', '--db', db, '--category', 'cs.AI', '--since', '2026-11-01'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/papers: {3}10 new/);
  });

  it('oai: harvests every page, and a rerun is incremental', async () => {
    const r = await runCli(['ingest', 'oai', '--db', db, '--set', 'cs', '--from', '2024-01-01', '--format', 'arXiv'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('papers:   12 new, 0 updated, 0 unchanged, 0 failed');
    const again = await runCli(['ingest', 'oai', '--db', db, '--set', 'cs', '--format', 'arXiv'], env);
    expect(again.code).toBe(0);
    expect(server.requests.at(-3)?.url).toContain('from=2024-02-01');
  });

  it('rss: takes the day’s listing', async () => {
    const r = await runCli(['ingest', 'rss', '--db', db, '--category', 'cs.AI'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/papers: {3}\d+ new/);
  });

  it('daily: mirrors a Daily Papers service', async () => {
    const r = await runCli(['ingest', 'daily', '--db', db, '--upstream', `${server.base}/hf`, '--date', '2026-07-15'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('listings: 2 new');
  });

  it('refuses bad arguments before asking anyone anything', async () => {
    const before = server.requests.length;
    for (const args of [
      ['ingest', 'arxiv', '--db', db, '--category', 'cs AI', '--since', '2026-11-01'],
      ['ingest', 'arxiv', '--db', db, '--category', 'cs.AI', '--since', 'last week'],
      ['ingest', 'oai', '--db', db, '--format', 'marc'],
      ['ingest', 'id', '--db', db, 'not-an-id'],
      ['ingest', 'daily', '--db', db, '--upstream', 'ftp://x', '--date', '2026-07-15'],
    ]) {
      const r = await runCli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/paperboy: /);
    }
    expect(server.requests.length).toBe(before);
  });

  it('will not ask arXiv itself faster than once every 3 seconds', async () => {
    const r = await runCli(['ingest', 'id', '--db', db, '2104.12255'], { PAPERBOY_REQUEST_INTERVAL_MS: '100' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('only allowed for sources on this machine');
  });
});

describe('paperboy ingest, two runs at once', () => {
  it('keeps PAPERBOY_REQUEST_INTERVAL_MS between requests to one host across processes sharing a database', async () => {
    const local = await startReplayServer();
    try {
      // no answer until both runs have asked once, so the two overlap however far apart they start
      const asked = new Set<string>();
      let bothAsked!: () => void;
      const gate = new Promise<void>((resolve) => (bothAsked = resolve));
      local.route({
        match: (u) => u.pathname.endsWith('/api/daily_papers'),
        reply: (u) => {
          asked.add(u.pathname.slice(1, 2));
          if (asked.size === 2) bothAsked();
          return { headers: { 'content-type': 'application/json' }, body: fixtureText('daily-2026-07-15.json'), after: gate };
        },
      });
      const shared = path.join(dir, 'two-at-once.db');
      // created (migrated) beforehand: the two runs share it, they do not race to create it
      await (await openStore(shared)).close();
      const interval = 500;
      const e = { ...env, PAPERBOY_REQUEST_INTERVAL_MS: String(interval) };
      const [a, b] = await Promise.all([
        runCli(['ingest', 'daily', '--db', shared, '--upstream', `${local.base}/a`, '--date', '2026-07-01', '--to', '2026-07-04'], e),
        runCli(['ingest', 'daily', '--db', shared, '--upstream', `${local.base}/b`, '--date', '2026-07-11', '--to', '2026-07-14'], e),
      ]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      const seen = local.requests.map((r) => ({ run: r.url.slice(1, 2), at: r.at })).sort((x, y) => x.at - y.at);
      expect(seen).toHaveLength(8);
      const gaps = seen.slice(1).map((r, i) => r.at - seen[i]!.at);
      // Turns are claimed at the moment a run decides to send; what the server sees adds each run's
      // own delay from that moment to the request's arrival: 1-4 ms once warm, tens of ms for a
      // fresh process's first request, and on a loaded machine (CI) a stalled process once arrived
      // ~450 ms late, leaving one short gap. Unshared turns interleave the two runs: about every
      // other gap is short (11-80 ms). So: at most one gap below half the interval, and the median
      // gap about the interval.
      const short = gaps.filter((g) => g < interval / 2);
      expect(short.length, `gaps ${gaps.join(', ')} ms`).toBeLessThanOrEqual(1);
      const sorted = [...gaps].sort((x, y) => x - y);
      expect(sorted[Math.floor(sorted.length / 2)]!, `gaps ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(interval * 0.9);
    } finally {
      await local.close();
    }
  });
});

describe('paperboy ingest, response size limit', () => {
  it('fails the source with a clear message, asking once, when a response is larger than PAPERBOY_MAX_RESPONSE_MB', async () => {
    const local = await startReplayServer();
    try {
      local.route({ match: (u) => u.pathname === '/rss/cs.AI', reply: { body: '<item><title>again</title></item>\n'.repeat(2000), repeatUpTo: 50 * 1024 * 1024 } });
      const r = await runCli(['ingest', 'rss', '--db', db, '--category', 'cs.AI'], { ...env, ARXIV_RSS_URL: `${local.base}/rss`, PAPERBOY_MAX_RESPONSE_MB: '1' });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`paperboy: ${local.base}/rss/cs.AI: response is larger than the 1 MB limit (PAPERBOY_MAX_RESPONSE_MB)`);
      expect(local.requests).toHaveLength(1);
      await expect.poll(() => local.requests[0]!.hungUp).toBe(true);
      expect(local.requests[0]!.sent).toBeLessThan(20 * 1024 * 1024);
    } finally {
      await local.close();
    }
  });
});
