/**
 * A running server follows semantic search when another process rewrites it:
 * `paperboy import` adds vectors, `paperboy reindex` retrains the built-in
 * model (a new name) and re-embeds every paper. Two real processes on one
 * database file; no restart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runCli, startCli, writeOnePaperFile } from './run-cli.ts';

const BUILTIN = { PAPERBOY_EMBEDDER: 'builtin' };
const BY_MEANING = 'matched by words and by meaning';
/** how long the server may take to follow a change another process made */
const FOLLOW_WITHIN_MS = 30_000;

let dir: string;
let db: string;
let server: ChildProcess;
let base: string;
let log = '';

async function searchPage(q: string): Promise<string> {
  return (await fetch(`${base}/search?q=${encodeURIComponent(q)}`)).text();
}

/** Polls the search page until it says it matched by meaning; the page's text when it does. */
async function untilSemantic(q: string, withinMs: number): Promise<string> {
  const until = Date.now() + withinMs;
  let html = '';
  while (Date.now() < until) {
    try {
      html = await searchPage(q);
      if (html.includes(BY_MEANING)) return html;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`search for ${JSON.stringify(q)} did not become semantic within ${withinMs} ms; server log:\n${log}`);
}

/** Every built-in model the server has logged it uses, in order. */
function modelsLogged(): string[] {
  return [...log.matchAll(/"model":"(builtin-v1:[0-9a-f]+)"/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-serve-semantic-'));
  db = path.join(dir, 'serve.db');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // demo papers (440) into the empty database, then the server trains the built-in model itself
  server = startCli(['serve', '--db', db, '--port', String(port), '--host', '127.0.0.1'], { ...BUILTIN, PAPERBOY_DEMO_DATA: 'true', PAPERBOY_LOG_LEVEL: 'info' });
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  await untilSemantic('agents that learn from their environment', 150_000);
}, 160_000);

afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('paperboy serve while another process rewrites semantic search', () => {
  it('embeds a paper another process imported, in the background, and finds it by meaning', async () => {
    const file = path.join(dir, 'new-paper.json');
    writeOnePaperFile(file, {
      id: '2608.99201',
      author: 'Ada Lovelace',
      title: 'Quokka: Robot Arms That Learn Fermentation Control From Sensor Feedback',
      summary: 'Robotic manipulation with reinforcement learning for controlling fermentation in breweries, using temperature sensors and a vision-language policy.',
      upvotes: 3,
    });
    const imported = await runCli(['import', '--db', db, '--date', '2026-08-24', file], BUILTIN);
    expect(imported.code).toBe(0);
    // the import does not wait for the embedder: the server's semantic upkeep embeds the paper
    // with the model it uses (too few new papers to retrain)
    expect(imported.stdout).not.toContain('embedded');
    // nobody but the server can have embedded it
    const until = Date.now() + FOLLOW_WITHIN_MS;
    let semantic: { embedded?: number; papers?: number } = {};
    while (Date.now() < until && semantic.embedded !== 441) {
      semantic = JSON.parse((await runCli(['stats', '--db', db, '--json'], BUILTIN)).stdout).semantic;
    }
    expect(semantic).toMatchObject({ state: 'ready', papers: 441, embedded: 441 });
    expect(log).toContain('semantic index up to date');
    const html = await untilSemantic('robot arms that learn fermentation control', FOLLOW_WITHIN_MS);
    expect(html).toContain('href="/papers/2608.99201"');
  }, 120_000);

  it('switches to the model a reindex in another process trained, without a restart', async () => {
    const before = modelsLogged();
    expect(before.length).toBeGreaterThan(0);
    const reindexed = await runCli(['reindex', '--db', db], BUILTIN);
    expect(reindexed.code).toBe(0);
    const model = /embedded with (builtin-v1:[0-9a-f]+)/.exec(reindexed.stdout)?.[1];
    // one paper more than the server trained on: a new model, a new name, every vector rewritten
    expect(model).toBeDefined();
    expect(before).not.toContain(model);
    const started = Date.now();
    await untilSemantic('agents that pass knowledge down generations', FOLLOW_WITHIN_MS);
    expect(Date.now() - started).toBeLessThan(FOLLOW_WITHIN_MS);
    expect(modelsLogged()).toContain(model);
    // the server still answers everything after the switch (the old side is gone, not half there)
    const html = await searchPage('robot arms that learn fermentation control');
    expect(html).toContain(BY_MEANING);
    expect(html).toContain('href="/papers/2608.99201"');
  }, 180_000);
});
