/**
 * Known-item paraphrase check over all papers of ../shared/data (arXiv
 * listings + Daily Papers, deduplicated): for N sampled papers the query is
 * the paper's title, and that paper is indexed WITHOUT its title (left out of
 * its FTS row and of its embedding input; the embedder is trained on the
 * corpus as indexed, so it never sees those titles). Reports MRR@10 for FTS5
 * BM25, the embedder alone and fusion (this bench's reconstruction `fused@w`,
 * and the product's search code `product@w`, see product-search.ts), plus
 * train/embed timings and model size.
 *
 *   npx tsx bench/quality/paraphrase.ts            # N=500
 *   N=200 HP='{"epochs":2}' npx tsx bench/quality/paraphrase.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createBuiltinEmbedder, deserializeBuiltinModel, serializeBuiltinModel, trainBuiltinModel } from '../../src/search/builtin/index.ts';
import { DEFAULT_TIME_BUDGET_MS, type BuiltinHyperparameters } from '../../src/search/builtin/model.ts';
import { Rng } from '../../src/search/numeric/random.ts';
import { DEFAULT_FUSION_WEIGHTS, fuseScores } from '../../src/search/fusion.ts';
import { loadSharedPapers, type Paper } from './data.ts';
import { FtsIndex } from './fts.ts';
import { ProductSearch } from './product-search.ts';
import { mean, reciprocalRankAt, round } from './metrics.ts';
import { VectorIndex } from './vectors.ts';

const N = Number(process.env.N ?? 500);
const hp = JSON.parse(process.env.HP ?? '{}') as Partial<BuiltinHyperparameters>;
const titleWeight = Number(process.env.TITLE_WEIGHT ?? 2);
const K = 100;
// semantic weights to try (lexical = 1); GRID=default uses DEFAULT_FUSION_WEIGHTS
const grid = process.env.GRID === 'default'
  ? [DEFAULT_FUSION_WEIGHTS.semantic / DEFAULT_FUSION_WEIGHTS.lexical]
  : process.env.GRID ? process.env.GRID.split(',').map(Number) : [0.3, 0.5, 0.7, 0.85, 1, 1.5];
const log = (...a: unknown[]) => console.error(...a);

const papers = await loadSharedPapers();
const rng = new Rng(20260401);
const candidates = papers.map((p, i) => i).filter((i) => papers[i]!.title.split(' ').length >= 4 && papers[i]!.abstract.length > 200);
const targets = new Set<number>();
while (targets.size < Math.min(N, candidates.length)) targets.add(candidates[rng.int(candidates.length)]!);
const indexed: Paper[] = papers.map((p, i) => (targets.has(i) ? { ...p, title: '' } : p));
log(`papers ${papers.length}, targets ${targets.size}`);

const fts = new FtsIndex(indexed, { title: titleWeight, abstract: 1, authors: 1 });
const product = new ProductSearch(indexed);
const cache = process.env.MODEL_CACHE;
let t = Date.now();
const model = cache && existsSync(cache)
  ? deserializeBuiltinModel(readFileSync(cache))
  : await trainBuiltinModel(indexed, {
      hyperparameters: hp,
      timeBudgetMs: Number(process.env.BUDGET_MS ?? DEFAULT_TIME_BUDGET_MS),
      onProgress: (d, tot) => { if (d % 20_000 < 256) log(`train ${d}/${tot} ${Date.now() - t} ms`); },
    });
const trainMs = Date.now() - t;
const bytes = serializeBuiltinModel(model);
if (cache && !existsSync(cache)) writeFileSync(cache, bytes);
const lsaWeights = (process.env.LSA_WEIGHTS ?? String(model.lsaWeight)).split(',').map(Number);
const mrr10: Record<string, number> = {};
const lexical = new Map<number, Map<string, number>>();
const bm25: number[] = [];
for (const i of targets) {
  const lex = fts.search(papers[i]!.title, K);
  lexical.set(i, lex);
  bm25.push(reciprocalRankAt([...lex.keys()], papers[i]!.id));
}
mrr10.bm25 = round(mean(bm25));
mrr10.productBm25 = round(mean([...targets].map((i) => reciprocalRankAt([...product.lexical(papers[i]!.title, K).keys()], papers[i]!.id))));
let embedMs = 0;
let queryMs = 0;
let dimensions = 0;
for (const lsaWeight of lsaWeights) {
  const embedder = createBuiltinEmbedder({ ...model, lsaWeight });
  dimensions = embedder.dimensions;
  t = Date.now();
  const vectors = await embedder.embedDocuments(indexed);
  embedMs = Date.now() - t;
  const index = new VectorIndex(indexed.map((p) => p.id), vectors, embedder.dimensions);
  log(`lsaWeight ${lsaWeight}: embedded in ${embedMs} ms`);
  const runs: Record<string, number[]> = { alone: [] };
  for (const w of grid) runs[`fused@${w}`] = [];
  for (const w of grid) runs[`product@${w}`] = [];
  queryMs = 0;
  for (const i of targets) {
    const p = papers[i]!;
    const lex = lexical.get(i)!;
    const q0 = performance.now();
    const qv = await embedder.embedQuery(p.title);
    queryMs += performance.now() - q0;
    for (const w of grid) runs[`product@${w}`]!.push(reciprocalRankAt(product.fused(p.title, qv, index, K, { lexical: 1, semantic: w }), p.id));
    const sem = index.search(qv, K);
    runs.alone!.push(reciprocalRankAt([...sem.keys()], p.id));
    for (const id of lex.keys()) if (!sem.has(id)) sem.set(id, index.score(qv, id));
    for (const w of grid) runs[`fused@${w}`]!.push(reciprocalRankAt(fuseScores(lex, sem, { lexical: 1, semantic: w }).map((h) => h.id), p.id));
  }
  for (const [k, v] of Object.entries(runs)) mrr10[`lsa${lsaWeight}/${k}`] = round(mean(v));
}
console.log(JSON.stringify({
  papers: papers.length, queries: targets.size, titleWeight, hp,
  trainMs, phaseMs: model.info.phaseMs, epochs: model.info.epochs, losses: model.info.losses.map((l) => round(l, 3)),
  embedDocsMs: embedMs, queryEmbedMsMean: round(queryMs / targets.size, 3),
  modelBytes: bytes.length, vocabulary: model.vocab.terms.length, buckets: model.vocab.buckets, dimensions,
  mrr10,
}, null, 1));
