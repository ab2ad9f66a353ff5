/**
 * Search speed: raw FTS5 BM25 against the default (fused) pipeline at ~85k real
 * papers and at 1M papers generated from them, plus the vector index's recall
 * against exact search and the RSS of a process holding the 1M index.
 *
 *   npx tsx bench/search.ts            # JSON on stdout, progress on stderr
 *   BENCH_REUSE=1 npx tsx bench/search.ts   # keep /tmp/paperboy-bench-search/*.db from a previous run
 *   BENCH_SKIP_1M=1 ...                # only the 85k part
 *
 * See bench/README.md for what each number means.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { importFiles } from '../src/ingest/import-files.ts';
import { embedMissing, trainBuiltin } from '../src/search/semantic-index.ts';
import { SearchService, type SemanticSide } from '../src/search/search-service.ts';
import { LiveLexicalIndex } from '../src/search/lexical/live-index.ts';
import { ftsExpression, parseQuery } from '../src/search/query.ts';
import { BUILTIN_EMBEDDER_VERSION, createBuiltinEmbedder, deserializeBuiltinModel } from '../src/search/builtin/index.ts';
import { latestModel } from '../src/store/search-models-repo.ts';
import { lexicalSearch } from '../src/store/search-repo.ts';
import { openVectorIndex, type IvfVectorIndex } from '../src/search/vector/ivf-index.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { rng } from '../src/search/numeric/random.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = process.env.PAPERBOY_SHARED_DATA ?? path.resolve(here, '../../shared/data');
const FILES = [path.join(DATA, 'arxiv-listings/arxiv_listings.jsonl.gz'), path.join(DATA, 'hf-daily-papers/daily_papers.jsonl.gz')];
const DIR = '/tmp/paperboy-bench-search';
const DB85 = path.join(DIR, '85k.db');
const DB1M = path.join(DIR, '1m.db');
const BIG = Number(process.env.BENCH_BIG ?? 1_000_000);
const QUERIES = 200;
const RECALL_QUERIES_1M = 100;
const GOALS = { p50Ms85k: 10, ratio85k: 2, p50Ms1M: 30, recallAt10: 0.95, importSeconds: 180, rssMB: 1024 };

const log = (...a: unknown[]) => console.error('[bench:search]', ...a);
const secs = (t: number) => Math.round((performance.now() - t) / 100) / 10;

function removeDb(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(s.length * p))]! * 100) / 100;
}

async function storedSide(store: Store): Promise<SemanticSide> {
  const m = await latestModel(store.db, BUILTIN_EMBEDDER_VERSION);
  if (!m) throw new Error('no built-in model in the database');
  return { embedder: createBuiltinEmbedder(deserializeBuiltinModel(m.bytes)), vectorModel: m.name };
}

const CONTENT = /^[a-z][a-z0-9-]{3,}$/;
const STOP = new Set('with from that this their using based towards via into over under through about between large model models learning'.split(' '));

/**
 * Queries people might type: paraphrase-like ones (some of a paper's title words,
 * shuffled, with a word or two from its abstract) and short keyword queries.
 */
function makeQueries(papers: readonly { title: string; abstract: string }[], n: number): string[] {
  const random = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const words = (s: string) => s.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => CONTENT.test(w) && !STOP.has(w));
  const out: string[] = [];
  while (out.length < n) {
    const p = pick(papers);
    const title = words(p.title);
    const abs = words(p.abstract);
    if (title.length < 3 || abs.length < 10) continue;
    if (out.length % 10 < 7) {
      const kept = title.filter(() => random() < 0.6).slice(0, 5);
      const extra = [pick(abs), pick(abs)];
      const q = [...kept, ...extra].sort(() => random() - 0.5);
      if (q.length >= 3) out.push(q.join(' '));
    } else {
      out.push(title.filter(() => random() < 0.5).slice(0, 1 + Math.floor(random() * 3)).join(' ') || title[0]!);
    }
  }
  return out;
}

interface Timing {
  ftsP50Ms: number;
  ftsP95Ms: number;
  defaultP50Ms: number;
  defaultP95Ms: number;
  /** the default pipeline with a words-only index (no word pairs): the reference for what pairs cost */
  wordsOnlyP50Ms: number;
  wordsOnlyP95Ms: number;
  vectorP50Ms: number;
  ratioP50: number;
  pairsRatioP50: number;
}

/**
 * The pipeline as `paperboy serve` runs it: the in-memory word index built first.
 * `wordsOnlyBeside`: the reference instead, a words-only index, sharing that vector index.
 */
async function servingPipeline(store: Store, side: SemanticSide, wordsOnlyBeside?: IvfVectorIndex): Promise<{ service: SearchService; vectors: IvfVectorIndex; wordIndexSeconds: number }> {
  const lexicalIndex = new LiveLexicalIndex(store, { pairs: !wordsOnlyBeside });
  const t = performance.now();
  await lexicalIndex.start();
  const vectors = wordsOnlyBeside ?? openVectorIndex(store);
  return { service: new SearchService(store, side, lexicalIndex, null, vectors), vectors, wordIndexSeconds: secs(t) };
}

/**
 * Raw FTS5 BM25 (top 10), the default pipeline (a page of 10) and the same
 * pipeline over a words-only index, interleaved query by query.
 */
async function timeSearch(store: Store, service: SearchService, wordsOnly: SearchService, side: SemanticSide, queries: readonly string[]): Promise<Timing> {
  const index = service.vectors;
  const fts: number[] = [];
  const full: number[] = [];
  const words: number[] = [];
  const vec: number[] = [];
  const vectors = await Promise.all(queries.map((q) => side.embedder.embedQuery(q)));
  for (let round = 0; round < 2; round++) {
    // round 0 warms caches and the JIT; round 1 is measured
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i]!;
      let t = performance.now();
      const parsed = parseQuery(q);
      await lexicalSearch(store.db, ftsExpression(parsed), parsed, 10);
      const a = performance.now() - t;
      // the two pipelines take turns going first: the second finds the query's papers in the
      // caches (SQLite's pages, the CPU's) the first one warmed
      let b = 0;
      let w = 0;
      for (const which of i % 2 === 0 ? [service, wordsOnly] : [wordsOnly, service]) {
        t = performance.now();
        await which.search(q, { limit: 10 });
        if (which === service) b = performance.now() - t;
        else w = performance.now() - t;
      }
      t = performance.now();
      index.nearest(vectors[i]!, 100);
      const c = performance.now() - t;
      if (round === 1) {
        fts.push(a);
        full.push(b);
        words.push(w);
        vec.push(c);
      }
    }
  }
  const ftsP50 = percentile(fts, 0.5);
  const fullP50 = percentile(full, 0.5);
  return {
    ftsP50Ms: ftsP50,
    ftsP95Ms: percentile(fts, 0.95),
    defaultP50Ms: fullP50,
    defaultP95Ms: percentile(full, 0.95),
    wordsOnlyP50Ms: percentile(words, 0.5),
    wordsOnlyP95Ms: percentile(words, 0.95),
    vectorP50Ms: percentile(vec, 0.5),
    ratioP50: Math.round((fullP50 / ftsP50) * 100) / 100,
    pairsRatioP50: Math.round((fullP50 / percentile(words, 0.5)) * 100) / 100,
  };
}

/** recall@10 of `nearest` (as the pipeline calls it: k = 100) against exact search, for several probe counts. */
function recall(index: IvfVectorIndex, queryVectors: readonly Float32Array[]): { exactSeconds: number; byProbes: { probes: number; recallAt10: number; p50Ms: number }[]; defaultProbes: number } {
  const defaultProbes = index.probesNow();
  const t = performance.now();
  const exact = index.exactNearest(queryVectors, 10);
  const exactSeconds = secs(t);
  const byProbes = [];
  for (const probes of [...new Set([8, 16, 24, 32, 48, defaultProbes])].sort((a, b) => a - b)) {
    index.probes = probes;
    let sum = 0;
    const times: number[] = [];
    for (let i = 0; i < queryVectors.length; i++) {
      const t0 = performance.now();
      const got = new Set(index.nearest(queryVectors[i]!, 100).slice(0, 10).map((h) => h.rowid));
      times.push(performance.now() - t0);
      const truth = exact[i]!;
      sum += truth.filter((h) => got.has(h.rowid)).length / Math.max(1, truth.length);
    }
    byProbes.push({ probes, recallAt10: Math.round((sum / queryVectors.length) * 1000) / 1000, p50Ms: percentile(times, 0.5) });
  }
  index.probes = null;
  return { exactSeconds, byProbes, defaultProbes };
}

function indexShape(file: string): { vectors: number; lists: number; trainedOn: number } {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const s = db.prepare('SELECT items, trained_on FROM vector_state').get() as { items: number; trained_on: number };
    const lists = (db.prepare('SELECT count(*) AS n FROM vector_lists WHERE level = 1').get() as { n: number }).n;
    return { vectors: s.items, lists, trainedOn: s.trained_on };
  } finally {
    db.close();
  }
}

async function build85k(): Promise<{ importSeconds: number; trainSeconds: number; embedSeconds: number; papers: number } | null> {
  if (process.env.BENCH_REUSE && fs.existsSync(DB85)) return null;
  removeDb(DB85);
  const store = await openStore(DB85);
  try {
    let t = performance.now();
    const summary = await importFiles(store.db, FILES);
    const importSeconds = secs(t);
    log(`imported ${summary.papers.added} papers in ${importSeconds} s; training the built-in embedder`);
    t = performance.now();
    const side = await trainBuiltin(store);
    const trainSeconds = secs(t);
    log(`trained in ${trainSeconds} s; embedding`);
    t = performance.now();
    await embedMissing(store, openVectorIndex(store), side);
    const embedSeconds = secs(t);
    log(`embedded in ${embedSeconds} s`);
    return { importSeconds, trainSeconds, embedSeconds, papers: summary.papers.added };
  } finally {
    await store.close();
  }
}

/** Papers made from the real ones: title words of two papers, sentences of three abstracts. */
function synthesize(file: string, total: number): number {
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const real = db.prepare('SELECT title, abstract, categories_json, published_at FROM papers').all() as { title: string; abstract: string; categories_json: string; published_at: string | null }[];
  const have = (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
  const sentences = real.flatMap((p) => p.abstract.split(/(?<=[.!?])\s+/).filter((s) => s.length > 30));
  const random = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const now = new Date().toISOString();
  const insert = db.prepare(`INSERT INTO papers (id, source, version, title, abstract, authors_json, categories_json, primary_category, published_at,
      ai_keywords_json, content_hash, created_at, modified_at) VALUES (?, 'synthetic', NULL, ?, ?, '[]', ?, NULL, ?, '[]', ?, ?, ?)`);
  let made = 0;
  const need = total - have;
  while (made < need) {
    db.transaction(() => {
      for (let i = 0; i < 20_000 && made < need; i++, made++) {
        const a = pick(real).title.split(/\s+/);
        const b = pick(real).title.split(/\s+/);
        const title = [...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(Math.ceil(b.length / 2))].join(' ');
        const abstract = [pick(sentences), pick(sentences), pick(sentences)].join(' ');
        const base = pick(real);
        insert.run(`synthetic:${made}`, title, abstract, base.categories_json, base.published_at, `s${made}`, now, now);
      }
    })();
    if (made % 100_000 === 0) log(`generated ${made} / ${need} papers`);
  }
  db.close();
  return need;
}

/** Child process: open the 1M database, search, report RSS (what a server holding the index would use). */
async function holdAndMeasure(file: string, queriesFile: string): Promise<void> {
  const store = await openStore(file);
  const side = await storedSide(store);
  const { service } = await servingPipeline(store, side);
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8')) as string[];
  for (let r = 0; r < 2; r++) for (const q of queries) await service.search(q, { limit: 10 });
  const rssMB = Math.round(process.memoryUsage().rss / 2 ** 20);
  await store.close();
  process.stdout.write(JSON.stringify({ rssMB }));
}

async function main(): Promise<void> {
  if (process.argv[2] === '--hold') return holdAndMeasure(process.argv[3]!, process.argv[4]!);
  const missing = FILES.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    console.error(`bench/search.ts needs the shared data: ${missing.join(', ')} not found (set PAPERBOY_SHARED_DATA to its directory)`);
    process.exit(2);
  }
  fs.mkdirSync(DIR, { recursive: true });
  const started = performance.now();
  const result: Record<string, unknown> = { goals: GOALS };

  const built = await build85k();
  if (built) result.import85k = { ...built, importPlusEmbedSeconds: Math.round((built.importSeconds + built.embedSeconds) * 10) / 10, withTrainingSeconds: Math.round((built.importSeconds + built.trainSeconds + built.embedSeconds) * 10) / 10 };

  let queries: string[];
  {
    const store = await openStore(DB85);
    const side = await storedSide(store);
    if (!built) {
      // reused database: give any paper without a vector one (all of them after an index format change)
      const t = performance.now();
      const embedded = await embedMissing(store, openVectorIndex(store), side);
      if (embedded > 0) result.reembed85k = { papers: embedded, seconds: secs(t) };
    }
    const { service, vectors: index, wordIndexSeconds } = await servingPipeline(store, side);
    const wordsOnly = await servingPipeline(store, side, index);
    const sample = await store.db.selectFrom('papers').select(['title', 'abstract']).execute();
    queries = makeQueries(sample, QUERIES);
    log('85k: timing searches');
    const timing = await timeSearch(store, service, wordsOnly.service, side, queries);
    const vectors = await Promise.all(queries.map((q) => side.embedder.embedQuery(q)));
    log('85k: recall');
    result.at85k = { papers: sample.length, index: indexShape(DB85), wordIndexSeconds, wordsOnlyIndexSeconds: wordsOnly.wordIndexSeconds, ...timing, recall: recall(index, vectors), exampleQueries: queries.slice(0, 3).concat(queries.slice(-2)) };
    await store.close();
    log('85k result', JSON.stringify(result));
  }

  if (!process.env.BENCH_SKIP_1M) {
    let t = performance.now();
    const reuse = process.env.BENCH_REUSE && fs.existsSync(DB1M);
    let buildSeconds: Record<string, number> | undefined;
    if (!reuse) {
      removeDb(DB1M);
      fs.copyFileSync(DB85, DB1M); // the 85k store is closed, its WAL checkpointed
      log(`1M: generating ${BIG} papers`);
      synthesize(DB1M, BIG);
      const generateSeconds = secs(t);
      t = performance.now();
      const store = await openStore(DB1M);
      const side = await storedSide(store);
      log('1M: embedding');
      await embedMissing(store, openVectorIndex(store), side, (_p, d, n) => {
        if (d % 50_000 < 256) log(`embedded ${d} / ${n}`);
      });
      buildSeconds = { generateSeconds, embedAndIndexSeconds: secs(t) };
      log('1M build', JSON.stringify(buildSeconds));
      await store.close();
    }
    const store = await openStore(DB1M);
    const side = await storedSide(store);
    if (reuse) {
      // a reused database may be half embedded (a run stopped while embedding)
      const t1 = performance.now();
      const embedded = await embedMissing(store, openVectorIndex(store), side, (_p, d, n) => {
        if (d % 50_000 < 256) log(`embedded ${d} / ${n}`);
      });
      if (embedded > 0) result.reembed1M = { papers: embedded, seconds: secs(t1) };
    }
    const { service, vectors: index, wordIndexSeconds } = await servingPipeline(store, side);
    const wordsOnly = await servingPipeline(store, side, index);
    log('1M: timing searches');
    const timing = await timeSearch(store, service, wordsOnly.service, side, queries);
    log('1M: recall (exact search over every vector)');
    const vectors = await Promise.all(queries.slice(0, RECALL_QUERIES_1M).map((q) => side.embedder.embedQuery(q)));
    const rec = recall(index, vectors);
    log('1M timing and recall', JSON.stringify({ timing, rec }));
    await store.close();
    const qfile = path.join(DIR, 'queries.json');
    fs.writeFileSync(qfile, JSON.stringify(queries));
    log('1M: RSS of a process holding the index while searching');
    const held = JSON.parse(execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--hold', DB1M, qfile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { rssMB: number };
    result.at1M = { index: indexShape(DB1M), wordIndexSeconds, wordsOnlyIndexSeconds: wordsOnly.wordIndexSeconds, ...(buildSeconds ? { build: buildSeconds } : {}), ...timing, recall: rec, rssMB: held.rssMB, dbMB: Math.round(fs.statSync(DB1M).size / 2 ** 20) };
  }
  result.totalSeconds = secs(started);
  console.log(JSON.stringify(result, null, 2));
}

await main();
