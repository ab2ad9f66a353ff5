/**
 * Does search load stall cheap requests? p99 of `GET /healthz` while 50
 * connections send distinct random searches, beside its p99 with no load, in
 * the same run against the same server (machines here are noisy: read the
 * ratio).
 *
 *   npx tsx bench/event-loop.ts                      # demo data (440 papers)
 *   BENCH_CORPUS=daily npx tsx bench/event-loop.ts   # the Daily Papers archive (~9.9k papers)
 *   BENCH_CORPUS=85k npx tsx bench/event-loop.ts     # the archive + the arXiv listings (~85k)
 *
 * Prepares a database with `paperboy import --wait` (import alone no longer
 * embeds: --wait trains the built-in embedder and embeds every paper before it
 * returns, so the server has nothing to embed in the background while it is
 * measured), starts `node bin/paperboy.js serve` on
 * 127.0.0.1 as a child process, waits for the in-memory word index, then:
 * healthz alone, healthz + search load, healthz alone again. Prints JSON;
 * exits 1 on a broken setup or failed requests, 2 when the data is missing.
 * See bench/README.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { freePort, stopChild } from './child-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.PAPERBOY_SHARED_DATA ?? path.resolve(ROOT, '../shared/data');
const CORPUS = process.env.BENCH_CORPUS ?? 'demo';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = 3;
/** one healthz request every this many ms, one at a time (a probe, not a load) */
const PROBE_INTERVAL_MS = 5;
/** goal: healthz p99 under search load at most this many times its idle p99 */
const GOAL_RATIO = 5;
const WORK = process.env.BENCH_WORK ?? '/tmp/paperboy-bench-evloop';
const READY_TIMEOUT_MS = 20 * 60_000;
const WATCHDOG_MS = READY_TIMEOUT_MS + (3 * DURATION_S + WARMUP_S) * 1000 + 120_000;

const ARCHIVE = path.join(DATA, 'hf-daily-papers/daily_papers.jsonl.gz');
const LISTINGS = path.join(DATA, 'arxiv-listings/arxiv_listings.jsonl.gz');
const DEMO = path.join(ROOT, 'data/demo/daily_papers.jsonl.gz');
const CORPORA: Record<string, readonly string[]> = { demo: [DEMO], daily: [ARCHIVE], '85k': [ARCHIVE, LISTINGS] };

let child: ChildProcess | undefined;

/** The environment for paperboy itself: it refuses PAPERBOY_* names it does not know, such as PAPERBOY_SHARED_DATA. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.PAPERBOY_SHARED_DATA;
  return env;
}

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** `paperboy import --wait` into a fresh database (--wait: trains the built-in embedder and embeds every paper before returning). */
function prepareDb(files: readonly string[], dbFile: string): void {
  if (process.env.BENCH_REUSE === '1' && existsSync(dbFile)) {
    log(`reusing ${dbFile}`);
    return;
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  log(`importing ${files.map((f) => path.basename(f)).join(' + ')} into ${dbFile} (and embedding)`);
  const started = performance.now();
  const r = spawnSync(process.execPath, ['bin/paperboy.js', 'import', '--quiet', '--wait', '--db', dbFile, ...files], {
    cwd: ROOT,
    env: childEnv({ PAPERBOY_LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 2, 'inherit'], // its summary to our stderr: stdout is the one JSON document
    timeout: READY_TIMEOUT_MS,
  });
  if (r.status !== 0) throw new Error(`paperboy import failed (status ${r.status}, signal ${r.signal})`);
  log(`imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** `paperboy serve`; resolves once the in-memory word index is built (FTS5 would answer before). */
function startServer(dbFile: string, port: number): Promise<ChildProcess> {
  const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...nodeArgs, 'bin/paperboy.js', 'serve', '--db', dbFile, '--port', String(port), '--host', '127.0.0.1'], {
      cwd: ROOT,
      env: childEnv({ PAPERBOY_LOG_LEVEL: 'info', PAPERBOY_DEMO_DATA: 'false', NODE_ENV: 'production' }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = proc;
    const timer = setTimeout(() => reject(new Error(`server not ready after ${READY_TIMEOUT_MS / 1000}s`)), READY_TIMEOUT_MS);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited before it was ready (code ${code}, signal ${signal})`));
    });
    // keep draining stdout so a chatty server never blocks on a full pipe
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (/"level":[5-6]0/.test(line)) log(`server: ${line}`);
      if (line.includes('in-memory word index ready')) {
        clearTimeout(timer);
        log(`server ready (pid ${proc.pid}): ${line}`);
        resolve(proc);
      }
    });
  });
}

async function stopServer(): Promise<void> {
  const proc = child;
  child = undefined;
  await stopChild(proc, 10_000, log);
}

/** Title words of the corpus files (4+ letters), to make random queries from. */
function vocabularyOf(files: readonly string[]): string[] {
  const words = new Set<string>();
  for (const file of files) {
    for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      const rec = JSON.parse(line) as { title?: string; response?: { paper?: { title?: string }; title?: string }[] };
      const titles = rec.response ? rec.response.map((i) => i.paper?.title ?? i.title ?? '') : [rec.title ?? ''];
      for (const t of titles) for (const w of t.toLowerCase().match(/[a-z]{4,}/g) ?? []) words.add(w);
      if (words.size > 20_000) break;
    }
  }
  return [...words];
}

/** Random 2-4 word queries, never the same twice in a run (so the page cache never answers). */
function queryMaker(vocab: readonly string[]): () => string {
  const seen = new Set<string>();
  let n = 0;
  return () => {
    for (;;) {
      const k = 2 + Math.floor(Math.random() * 3);
      const q = Array.from({ length: k }, () => vocab[Math.floor(Math.random() * vocab.length)]!).join(' ');
      if (!seen.has(q)) {
        seen.add(q);
        n++;
        return `/search?q=${encodeURIComponent(q)}`;
      }
      if (n > vocab.length ** 2) throw new Error('ran out of distinct queries');
    }
  };
}

interface Latency {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  failed: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * GET /healthz one request at a time, every PROBE_INTERVAL_MS, for `durationS`;
 * latency measured here with sub-millisecond resolution (autocannon rounds to ms).
 */
async function probeHealthz(base: string, durationS: number): Promise<Latency> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  let failed = 0;
  const end = performance.now() + durationS * 1000;
  while (performance.now() < end) {
    const started = performance.now();
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(`${base}/healthz`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.on('error', () => resolve(false));
      req.setTimeout(60_000, () => req.destroy());
    });
    const ms = performance.now() - started;
    if (ok) times.push(ms);
    else failed++;
    await new Promise((r) => setTimeout(r, Math.max(0, PROBE_INTERVAL_MS - ms)));
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  return { requests: times.length, p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), maxMs: round(times.at(-1) ?? 0), failed };
}

async function searchLoad(base: string, nextPath: () => string, durationS: number, connections: number) {
  const r = await autocannon({
    url: base,
    connections,
    duration: durationS,
    timeout: 60,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: nextPath() }) }],
  });
  const statuses: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) statuses[k] = (v as { count: number }).count;
  return {
    requests: r.requests.total,
    rps: round(r.requests.average, 1),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    statuses,
  };
}

async function main(): Promise<number> {
  const files = CORPORA[CORPUS];
  if (!files) {
    log(`BENCH_CORPUS must be one of ${Object.keys(CORPORA).join(', ')}`);
    return 2;
  }
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    log(`BENCH_CORPUS=${CORPUS} needs ${missing.join(' and ')}: the shared data (see its README) beside the repository at ../shared/data, or set PAPERBOY_SHARED_DATA to its directory. BENCH_CORPUS=demo needs nothing.`);
    return 2;
  }
  mkdirSync(WORK, { recursive: true });
  const dbFile = path.join(WORK, `${CORPUS}.db`);
  prepareDb(files, dbFile);
  const nextPath = queryMaker(vocabularyOf(files));

  const port = await freePort();
  await startServer(dbFile, port);
  const base = `http://127.0.0.1:${port}`;
  const check = await fetch(base + nextPath());
  if (check.status !== 200) throw new Error(`a search returned ${check.status}: ${(await check.text()).slice(0, 300)}`);
  await check.text();

  log(`warming up (${WARMUP_S}s of searches, 10 connections)`);
  await searchLoad(base, nextPath, WARMUP_S, 10);
  log(`healthz alone (${DURATION_S}s)`);
  const idle1 = await probeHealthz(base, DURATION_S);
  log(`healthz under ${CONNECTIONS} connections of distinct searches (${DURATION_S}s)`);
  const [loaded, search] = await Promise.all([probeHealthz(base, DURATION_S), searchLoad(base, nextPath, DURATION_S, CONNECTIONS)]);
  log(`healthz alone again (${DURATION_S}s)`);
  const idle2 = await probeHealthz(base, DURATION_S);
  await stopServer();

  const idleP99 = (idle1.p99Ms + idle2.p99Ms) / 2;
  const ratio = idleP99 > 0 ? round(loaded.p99Ms / idleP99, 1) : null;
  const result = {
    bench: 'event-loop',
    corpus: CORPUS,
    connections: CONNECTIONS,
    durationS: DURATION_S,
    healthz: { idle: [idle1, idle2], loaded },
    search,
    p99LoadedOverIdle: ratio,
    maxLoadedOverIdleP99: idleP99 > 0 ? round(loaded.maxMs / idleP99, 1) : null,
    goal: GOAL_RATIO,
    pass: ratio !== null && ratio <= GOAL_RATIO,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const failedProbes = idle1.failed + idle2.failed + loaded.failed;
  if (failedProbes > 0 || search.errors > 0 || search.timeouts > 0) {
    log(`FAILED: ${failedProbes} healthz probes failed, ${search.errors} search errors, ${search.timeouts} timeouts`);
    return 1;
  }
  const unexpected = Object.keys(search.statuses).filter((s) => s !== '200' && s !== '503');
  if (unexpected.length > 0) {
    log(`FAILED: searches answered ${unexpected.join(', ')}`);
    return 1;
  }
  if (!result.pass) log(`healthz p99 under load is ${ratio}x its idle p99; goal <= ${GOAL_RATIO}x`);
  return 0;
}

const watchdog = setTimeout(() => {
  log(`watchdog: bench did not finish within ${WATCHDOG_MS / 1000}s`);
  void stopServer().finally(() => process.exit(2));
}, WATCHDOG_MS);
watchdog.unref();

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void stopServer().finally(() => process.exit(130));
  });
}

main()
  .catch((e: unknown) => {
    log(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  })
  .then(async (code) => {
    await stopServer();
    process.exit(code);
  });
