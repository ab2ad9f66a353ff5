/**
 * Calibrates the "nothing found" floor of semantic search (src/search/semantic-floor.ts):
 * how far above the query's own background its best similarity must be before the
 * meaning side may propose papers. Prints one JSON document (progress on stderr).
 *
 *   npx tsx bench/nothing-found.ts                 # the ~9.9k Daily Papers archive of ../shared/data
 *                                                  # (imported and trained here: minutes on 2 busy cores)
 *   DB=/tmp/hf.db npx tsx bench/nothing-found.ts   # a database already embedded (paperboy import --wait, or reindex)
 *   CORPUS=demo npx tsx bench/nothing-found.ts     # the committed 440-paper demo (no shared data needed)
 *   N=400 SEED=1 ...                               # queries per kind, sampling seed
 *
 * Queries, N of each kind:
 * - real: paper titles, and the papers' `ai_summary` (machine-written one-line paraphrases; not
 *   indexed, so they are paraphrase queries, the closest we have to people describing a paper);
 * - random: strings of random letters (xyzzyplughqwerty-like), word salads of frequent words
 *   (random tokens of random abstracts), word salads of any words (uniform over the vocabulary).
 * For each: the embedder's query vector, its nearest 100 papers (the search's candidates), the
 * confidence statistic of semantic-floor.ts and, for comparison, other statistics that were
 * considered. Reported per statistic and threshold: the share of random queries that pass the
 * floor (false positives: the meaning side would propose papers for nonsense) and the share of
 * real queries cut (misses: all of them, and those whose own paper the meaning side ranks top 10).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { DEMO_FILE } from '../src/ingest/demo-data.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import { Rng } from '../src/search/numeric/random.ts';
import { SEMANTIC_FLOOR, semanticConfidence } from '../src/search/semantic-floor.ts';
import { embedMissing, openSemantic } from '../src/search/semantic-index.ts';
import { openVectorIndex } from '../src/search/vector/ivf-index.ts';
import { openStore } from '../src/store/store.ts';
import { SHARED_DATA } from './quality/data.ts';

const N = Number(process.env.N ?? 400);
const SEED = Number(process.env.SEED ?? 1);
const K = 100; // the search's candidates per side (search-service.ts DEFAULT_CANDIDATES)
const log = (...a: unknown[]) => console.error('[nothing-found]', ...a);

const archive = join(SHARED_DATA, 'hf-daily-papers', 'daily_papers.jsonl.gz');
const corpus = process.env.CORPUS ?? 'hf';
let location = ':memory:';
let source: string;
if (process.env.DB) {
  location = process.env.DB;
  source = location;
} else if (corpus === 'demo') {
  source = DEMO_FILE;
} else {
  if (!existsSync(archive)) {
    console.error(`${archive} is absent: this bench needs ../shared/data (set PAPERBOY_SHARED_DATA), or run it with CORPUS=demo or DB=file`);
    process.exit(2);
  }
  source = archive;
}

const store = await openStore(location);
if (!process.env.DB) {
  log('importing', source);
  await importFiles(store.db, [source]);
}
const started = performance.now();
const side = await openSemantic(store, loadConfig({ PAPERBOY_DB: location, PAPERBOY_EMBEDDER: 'builtin' }), { train: 'auto' });
if (!side) throw new Error('no semantic side: too few papers to train on');
const vectors = openVectorIndex(store);
const embedded = await embedMissing(store, vectors, side);
log(`model ${side.vectorModel}; ${embedded} papers embedded in ${Math.round(performance.now() - started)} ms`);

const rows = (await sql<{ rowid: number; title: string; abstract: string; ai_summary: string | null }>`SELECT rowid, title, abstract, ai_summary FROM papers`.execute(store.db)).rows;
const rng = new Rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
const sample = <T>(xs: readonly T[], n: number): T[] => {
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
};

interface Query {
  readonly kind: string;
  readonly text: string;
  /** the paper it describes (real queries) */
  readonly rowid?: number;
}
const tokensOf = (s: string) => s.toLowerCase().match(/[a-z]{3,}/g) ?? [];
const vocabulary = [...new Set(rows.flatMap((r) => tokensOf(`${r.title} ${r.abstract}`)))];
const letters = 'abcdefghijklmnopqrstuvwxyz';
const queries: Query[] = [
  ...sample(rows, N).map((r) => ({ kind: 'title', text: r.title, rowid: r.rowid })),
  ...sample(rows.filter((r) => r.ai_summary), N).map((r) => ({ kind: 'aiSummary', text: r.ai_summary!, rowid: r.rowid })),
  ...Array.from({ length: N }, () => ({ kind: 'randomLetters', text: Array.from({ length: 6 + Math.floor(rng.next() * 11) }, () => pick([...letters])).join('') })),
  ...Array.from({ length: N }, () => {
    const n = 2 + Math.floor(rng.next() * 7);
    return { kind: 'saladFrequent', text: Array.from({ length: n }, () => pick([...tokensOf(pick(rows).abstract), 'model'])).join(' ') };
  }),
  ...Array.from({ length: N }, () => ({ kind: 'saladAny', text: Array.from({ length: 2 + Math.floor(rng.next() * 7) }, () => pick(vocabulary)).join(' ') })),
];

// a fixed background sample for the statistic that compares with the whole collection
const background = [...vectors.vectorsOf(sample(rows, 500).map((r) => r.rowid)).values()];
const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const meanStd = (xs: readonly number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const v = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / Math.max(1, xs.length);
  return { m, s: Math.sqrt(v) };
};

interface Measured {
  readonly kind: string;
  readonly stats: Record<string, number>;
  /** rank of the query's own paper in the semantic top 100 (1-based), 0 when absent */
  readonly rank: number;
}
const measured: Measured[] = [];
let embedMs = 0;
for (const q of queries) {
  const t = performance.now();
  const v = await side.embedder.embedQuery(q.text);
  embedMs += performance.now() - t;
  const nearest = vectors.nearest(v, K);
  const sims = nearest.map((n) => n.similarity);
  const top = sims[0] ?? 0;
  const bg = meanStd(background.map((b) => dot(v, b)));
  const topK = meanStd(sims);
  measured.push({
    kind: q.kind,
    rank: q.rowid === undefined ? 0 : nearest.findIndex((n) => n.rowid === q.rowid) + 1,
    stats: {
      product: semanticConfidence(sims),
      zTopInTop100: topK.s > 0 ? (top - topK.m) / topK.s : 0,
      zTopInBackground: bg.s > 0 ? (top - bg.m) / bg.s : 0,
      top1: top,
    },
  });
}
log(`${queries.length} queries measured; query embedding ${(embedMs / queries.length).toFixed(2)} ms on average`);

const REAL = ['title', 'aiSummary'];
const RANDOM = ['randomLetters', 'saladFrequent', 'saladAny'];
const share = (xs: readonly Measured[], f: (m: Measured) => boolean) => (xs.length === 0 ? 0 : Math.round((xs.filter(f).length / xs.length) * 10_000) / 10_000);
const ofKind = (k: string) => measured.filter((m) => m.kind === k);
const quantiles = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 1000) / 1000;
  return { p01: q(0.01), p05: q(0.05), p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) };
};
/** rates at a floor: random queries that pass it, real queries (and real ones whose paper is in the top 10) cut */
const rates = (stat: string, floor: number) => ({
  floor,
  falsePositive: Object.fromEntries(RANDOM.map((k) => [k, share(ofKind(k), (m) => m.stats[stat]! >= floor)])),
  miss: Object.fromEntries(REAL.map((k) => [k, share(ofKind(k), (m) => m.stats[stat]! < floor)])),
  missWithPaperInTop10: Object.fromEntries(REAL.map((k) => [k, share(ofKind(k).filter((m) => m.rank >= 1 && m.rank <= 10), (m) => m.stats[stat]! < floor)])),
});
const grids: Record<string, number[]> = {
  product: [1, 1.5, 2, 2.5, 3, 3.5, 4, SEMANTIC_FLOOR],
  zTopInTop100: [2, 2.5, 3, 3.5, 4, 5],
  zTopInBackground: [2, 3, 4, 5, 6],
  top1: [0.2, 0.3, 0.4, 0.5],
};
console.log(JSON.stringify({
  corpus: source,
  papers: rows.length,
  queriesPerKind: N,
  seed: SEED,
  floor: { statistic: 'semanticConfidence (src/search/semantic-floor.ts)', value: SEMANTIC_FLOOR, ...rates('product', SEMANTIC_FLOOR) },
  distributions: Object.fromEntries(Object.keys(grids).map((stat) => [stat, Object.fromEntries([...REAL, ...RANDOM].map((k) => [k, quantiles(ofKind(k).map((m) => m.stats[stat]!))]))])),
  sweeps: Object.fromEntries(Object.entries(grids).map(([stat, floors]) => [stat, [...new Set(floors)].sort((a, b) => a - b).map((f) => rates(stat, f))])),
}, null, 1));
await store.close();
