/**
 * The in-memory word index (lexical/inverted-index.ts) over a whole database:
 * build time, memory, and its shape, with word pairs (as search runs it) and
 * without them (the reference, built the same way in the same run). Each
 * build runs in a child process of its own, so its memory is its own.
 *
 *   npx tsx bench/word-index.ts [DB]    # default: the 1M database bench/search.ts builds
 *
 * Prints JSON on stdout, progress on stderr. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvertedIndex } from '../src/search/lexical/inverted-index.ts';
import { DEFAULT_FIELD_WEIGHTS } from '../src/store/search-repo.ts';
import { searchableTextsAfter } from '../src/store/search-text-repo.ts';
import { openStore } from '../src/store/store.ts';

const DEFAULT_DB = '/tmp/paperboy-bench-search/1m.db';
const MB = 2 ** 20;
const mb = (n: number) => Math.round(n / MB);
const log = (...a: unknown[]) => console.error('[bench:word-index]', ...a);

function settledMemory(): { rssMB: number; heapUsedMB: number; arrayBuffersMB: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), arrayBuffersMB: mb(m.arrayBuffers) };
}

/** Child: build one index over the database, report. */
async function build(file: string, pairs: boolean): Promise<void> {
  const store = await openStore(file);
  const before = settledMemory();
  const index = new InvertedIndex(DEFAULT_FIELD_WEIGHTS, { pairs });
  let peakRss = process.memoryUsage().rss;
  let after = -1;
  let papers = 0;
  const t = performance.now();
  for (;;) {
    const rows = await searchableTextsAfter(store.db, after, 2000);
    if (rows.length === 0) break;
    for (const r of rows) index.set(r.rowid, r);
    after = rows[rows.length - 1]!.rowid;
    papers += rows.length;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (papers % 100_000 < 2000) log(`${pairs ? 'pairs' : 'words'}: ${papers} papers, ${Math.round((performance.now() - t) / 1000)} s, rss ${mb(peakRss)} MB`);
  }
  const beforePack = { ...index.shape };
  index.pack();
  const buildSeconds = Math.round((performance.now() - t) / 100) / 10;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const held = settledMemory();
  process.stdout.write(JSON.stringify({
    papers, buildSeconds, peakRssMB: mb(peakRss), before, held, indexMB: held.rssMB - before.rssMB,
    shape: Object.fromEntries(Object.entries(index.shape).map(([k, v]) => [k, k.endsWith('Bytes') ? mb(v) : v])),
    tailsBeforePackMB: mb(beforePack.wordPostingsBytes + beforePack.pairPostingsBytes),
  }));
  await store.close();
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return build(process.argv[3]!, process.argv[4] === 'pairs');
  const file = process.argv[2] ?? DEFAULT_DB;
  if (!fs.existsSync(file)) {
    console.error(`bench/word-index.ts needs a database: ${file} not found (bench/search.ts builds /tmp/paperboy-bench-search/{85k,1m}.db; or pass a path)`);
    process.exit(2);
  }
  const run = (mode: string) => {
    log(`building (${mode}) in a child process`);
    return JSON.parse(execFileSync(process.execPath, ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), '--child', file, mode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 })) as Record<string, unknown>;
  };
  const words = run('words');
  const pairs = run('pairs');
  const ratio = (k: string) => Math.round(((pairs[k] as number) / (words[k] as number)) * 100) / 100;
  console.log(JSON.stringify({ database: file, words, pairs, pairsOverWords: { buildSeconds: ratio('buildSeconds'), indexMB: ratio('indexMB'), peakRssMB: ratio('peakRssMB') } }, null, 2));
}

await main();
