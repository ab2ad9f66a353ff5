/**
 * Feed-page throughput, as a ratio against a trivial route on the same app and
 * in the same run (machines here are noisy: ratios travel, absolute numbers
 * don't).
 *
 *   npx tsx bench/feed.ts
 *
 * Spawns bench/feed-server.ts on a fresh temp SQLite file with the demo data,
 * warms up, then runs autocannon: hello, page, hello (the two hello runs are
 * averaged to cancel drift). Prints JSON; exits 1 on errors, non-2xx
 * responses or a broken setup. The ratio goal is reported, not enforced by the
 * exit code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, stopChild } from './child-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = 2;
const GOAL = 0.3;
const READY_TIMEOUT_MS = 120_000;
/** the whole bench stops by itself even if something hangs */
const WATCHDOG_MS = READY_TIMEOUT_MS + (3 * DURATION_S + 2 * WARMUP_S) * 1000 + 60_000;

interface RouteStats {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  bytesPerReq: number;
  requests: number;
  errors: number;
  non2xx: number;
}

let child: ChildProcess | undefined;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-'));

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

function startServer(dbFile: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/feed-server.ts'), dbFile, String(port)], {
      cwd: ROOT,
      env: { ...process.env, PAPERBOY_LOG_LEVEL: process.env.PAPERBOY_LOG_LEVEL ?? 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = proc;
    const timer = setTimeout(() => reject(new Error(`server not ready after ${READY_TIMEOUT_MS / 1000}s`)), READY_TIMEOUT_MS);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited before it was ready (code ${code}, signal ${signal})`));
    });
    // Keep draining stdout after the ready line so a chatty server never blocks on a full pipe.
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      if (line.includes('"ready":true')) {
        clearTimeout(timer);
        log(`server ready: ${line}`);
        resolve(proc);
      }
    });
  });
}

async function stopServer(): Promise<void> {
  const proc = child;
  child = undefined;
  await stopChild(proc, 5_000, log);
}

function cleanup(): void {
  rmSync(tmp, { recursive: true, force: true });
}

async function run(url: string, durationS: number, connections = CONNECTIONS): Promise<RouteStats> {
  const r = await autocannon({ url, connections, duration: durationS });
  return {
    rps: round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    bytesPerReq: r.requests.total > 0 ? Math.round(r.throughput.total / r.requests.total) : 0,
    requests: r.requests.total,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

async function checkRoute(base: string, route: string, mustContain: string): Promise<void> {
  const res = await fetch(base + route);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${route} returned ${res.status}: ${body.slice(0, 300)}`);
  if (!body.includes(mustContain)) throw new Error(`GET ${route} does not contain ${JSON.stringify(mustContain)}`);
}

async function main(): Promise<number> {
  const port = await freePort();
  const dbFile = path.join(tmp, 'bench.db');
  log(`starting server on 127.0.0.1:${port}, db ${dbFile}`);
  await startServer(dbFile, port);
  const base = `http://127.0.0.1:${port}`;
  const pageUrl = `${base}/`;
  const helloUrl = `${base}/__bench/hello`;

  await checkRoute(base, '/', 'paper-card');
  await checkRoute(base, '/__bench/hello', 'hello world');

  log(`warming up (${WARMUP_S}s per route)`);
  await run(helloUrl, WARMUP_S, 10);
  await run(pageUrl, WARMUP_S, 10);

  log(`hello: ${CONNECTIONS} connections, ${DURATION_S}s`);
  const hello1 = await run(helloUrl, DURATION_S);
  log(`page /: ${CONNECTIONS} connections, ${DURATION_S}s`);
  const page = await run(pageUrl, DURATION_S);
  log(`hello again: ${CONNECTIONS} connections, ${DURATION_S}s`);
  const hello2 = await run(helloUrl, DURATION_S);
  await stopServer();

  const hello: RouteStats = {
    rps: round((hello1.rps + hello2.rps) / 2),
    p50Ms: round((hello1.p50Ms + hello2.p50Ms) / 2, 2),
    p99Ms: round((hello1.p99Ms + hello2.p99Ms) / 2, 2),
    bytesPerReq: Math.round((hello1.bytesPerReq + hello2.bytesPerReq) / 2),
    requests: hello1.requests + hello2.requests,
    errors: hello1.errors + hello2.errors,
    non2xx: hello1.non2xx + hello2.non2xx,
  };
  const ratio = hello.rps > 0 ? round(page.rps / hello.rps, 3) : 0;
  const result = {
    bench: 'feed',
    connections: CONNECTIONS,
    durationS: DURATION_S,
    page: { route: '/', ...page },
    hello: { route: '/__bench/hello', ...hello, runs: [hello1.rps, hello2.rps] },
    ratio,
    goal: GOAL,
    pass: ratio >= GOAL,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

  const failures = [page, hello1, hello2].filter((s) => s.errors > 0 || s.non2xx > 0);
  if (failures.length > 0) {
    log(`FAILED: errors or non-2xx responses: ${JSON.stringify(failures)}`);
    return 1;
  }
  if (!result.pass) log(`ratio ${ratio} is below the goal ${GOAL}`);
  return 0;
}

const watchdog = setTimeout(() => {
  log(`watchdog: bench did not finish within ${WATCHDOG_MS / 1000}s`);
  void stopServer().finally(() => {
    cleanup();
    process.exit(2);
  });
}, WATCHDOG_MS);
watchdog.unref();

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void stopServer().finally(() => {
      cleanup();
      process.exit(130);
    });
  });
}

main()
  .catch((e: unknown) => {
    log(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  })
  .then(async (code) => {
    await stopServer();
    cleanup();
    process.exit(code);
  });
