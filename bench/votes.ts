/**
 * Votes under contention: 200 voters, each with their own account and API
 * token, upvote and take back their upvote on ONE paper as fast as they can
 * for 10 s over HTTP (POST, then DELETE /api/papers/{id}/upvote). At the end
 * the paper's local count must equal the number of voters whose last answered
 * request left a vote, and the counter must equal the rows (exact, or the
 * bench fails). Beside it, in the same run against the same server: a
 * read-only route (GET /api/papers/{id}) with the same 200 connections, for
 * the reference throughput and p99.
 *
 *   npx tsx bench/votes.ts            # BENCH_VOTERS=200 BENCH_DURATION=10
 *
 * Needs nothing outside the repository (the demo data). Prints JSON; exits 1
 * when a count is wrong or requests failed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashToken } from '../src/app/accounts.ts';
import { DEMO_FILE } from '../src/ingest/demo-data.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import { createAccount, insertApiToken } from '../src/store/accounts-repo.ts';
import { openStore } from '../src/store/store.ts';
import { countVotes } from '../src/store/votes-repo.ts';
import { freePort, stopChild } from './child-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VOTERS = Number(process.env.BENCH_VOTERS ?? 200);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WORK = process.env.BENCH_WORK ?? '/tmp/paperboy-bench-votes';
const PAPER = '2608.14036';

const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);
let child: ChildProcess | undefined;

interface Phase {
  readonly requests: number;
  readonly failed: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: VOTERS });

function request(port: number, method: string, pathname: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: pathname, agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

/** `workers` loops, each calling `step(worker)` until the time is up; latencies of every call. */
async function run(workers: number, seconds: number, step: (w: number) => Promise<boolean>): Promise<Phase> {
  const latencies: number[] = [];
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const ok = await step(w).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) failed += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, failed, perSecond: Math.round(latencies.length / elapsed), p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

async function main(): Promise<number> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const db = path.join(WORK, 'paperboy.db');
  log(`preparing ${db}: demo data and ${VOTERS} accounts with API tokens`);
  const store = await openStore(db);
  await importFiles(store.db, [DEMO_FILE]);
  const tokens: string[] = [];
  const now = new Date().toISOString();
  for (let i = 0; i < VOTERS; i += 1) {
    const account = await createAccount(store.db, `voter${i}@example.org`, [`voter${i}`], now);
    const token = `pb_bench${i}_${Math.random().toString(36).slice(2)}${'x'.repeat(24)}`;
    await insertApiToken(store.db, { userId: account.id, name: 'bench', tokenHash: hashToken(token), now });
    tokens.push(token);
  }
  await store.close();

  const port = await freePort();
  child = spawn(process.execPath, [path.join(ROOT, 'bin/paperboy.js'), 'serve', '--port', String(port), '--host', '127.0.0.1', '--db', db], {
    env: { ...process.env, PAPERBOY_EMBEDDER: 'none', PAPERBOY_LOG_LEVEL: 'warn', PAPERBOY_DEMO_DATA: 'false', PAPERBOY_RATE_LIMIT_SCALE: '1000', PAPERBOY_THUMBNAILS: 'off' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; ; i += 1) {
    try {
      if ((await request(port, 'GET', '/healthz')).status === 200) break;
    } catch {
      /* not yet */
    }
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }

  log(`read-only reference: GET /api/papers/${PAPER}, ${VOTERS} connections, ${DURATION_S} s`);
  const read = await run(VOTERS, DURATION_S, async () => (await request(port, 'GET', `/api/papers/${PAPER}`)).status === 200);

  log(`votes: ${VOTERS} voters toggling their upvote on ${PAPER} for ${DURATION_S} s`);
  const state = new Array<boolean>(VOTERS).fill(false);
  const votes = await run(VOTERS, DURATION_S, async (w) => {
    const on = !state[w];
    const res = await request(port, on ? 'POST' : 'DELETE', `/api/papers/${PAPER}/upvote`, tokens[w]);
    if (res.status !== 200) return false;
    state[w] = (JSON.parse(res.body) as { voted: boolean }).voted;
    return true;
  });
  await stopChild(child, 10_000, log);
  child = undefined;

  const expected = state.filter(Boolean).length;
  const check = await openStore(db);
  const { rows, counter } = await countVotes(check.db, PAPER);
  await check.close();
  const exact = rows === expected && counter === expected;
  const result = {
    bench: 'votes',
    voters: VOTERS,
    durationSeconds: DURATION_S,
    readOnly: read,
    votes,
    votesPerSecondVsReads: Math.round((votes.perSecond / Math.max(1, read.perSecond)) * 100) / 100,
    p99VsReads: Math.round((votes.p99Ms / Math.max(0.01, read.p99Ms)) * 100) / 100,
    count: { expected, voteRows: rows, counter, exact },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return exact && votes.failed === 0 && read.failed === 0 ? 0 : 1;
}

main()
  .then((code) => process.exit(code))
  .catch(async (e: unknown) => {
    log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    await stopChild(child, 5000, log);
    process.exit(1);
  });
