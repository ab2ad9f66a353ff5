/**
 * SciFact nDCG@10: FTS5 BM25, the built-in embedder (trained on the SciFact
 * corpus alone, as an instance would be on its own papers), its two parts
 * alone, and z-score fusion over a grid of semantic weights — both as this
 * bench's own reconstruction (`fused@w`, FTS5 any-word over every word) and
 * through the product's search code (`product@w`, product-search.ts).
 *
 *   npx tsx bench/quality/scifact.ts [train|test]
 *   HP='{"epochs":10}' TITLE_WEIGHT=2 npx tsx bench/quality/scifact.ts train
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createBuiltinEmbedder, deserializeBuiltinModel, serializeBuiltinModel, trainBuiltinModel } from '../../src/search/builtin/index.ts';
import type { BuiltinHyperparameters } from '../../src/search/builtin/model.ts';
import { DEFAULT_FUSION_WEIGHTS, fuseScores } from '../../src/search/fusion.ts';
import { loadScifact } from './data.ts';
import { FtsIndex } from './fts.ts';
import { ProductSearch } from './product-search.ts';
import { mean, ndcgAt, round } from './metrics.ts';
import { VectorIndex } from './vectors.ts';

const split = (process.argv[2] ?? 'train') as 'train' | 'test';
const hp = JSON.parse(process.env.HP ?? '{}') as Partial<BuiltinHyperparameters>;
const titleWeight = Number(process.env.TITLE_WEIGHT ?? 2);
const K = 100;
// semantic weights to try (lexical = 1); GRID=default uses DEFAULT_FUSION_WEIGHTS
const grid = process.env.GRID === 'default'
  ? [DEFAULT_FUSION_WEIGHTS.semantic / DEFAULT_FUSION_WEIGHTS.lexical]
  : process.env.GRID ? process.env.GRID.split(',').map(Number) : [0.3, 0.5, 0.7, 0.85, 1, 1.2, 1.5];

const data = loadScifact(split);
const fts = new FtsIndex(data.corpus, { title: titleWeight, abstract: 1, authors: 1 });
const product = new ProductSearch(data.corpus);
const t0 = Date.now();
const cache = process.env.MODEL_CACHE;
const model = cache && existsSync(cache)
  ? deserializeBuiltinModel(readFileSync(cache))
  : await trainBuiltinModel(data.corpus, { seed: Number(process.env.SEED ?? 1), hyperparameters: hp });
if (cache && !existsSync(cache)) writeFileSync(cache, serializeBuiltinModel(model));
const trainMs = Date.now() - t0;

const lsaWeights = (process.env.LSA_WEIGHTS ?? `${model.lsaWeight}`).split(',').map(Number);
const ndcg10: Record<string, number> = {};
const lexical = new Map<string, Map<string, number>>();
const bm25: number[] = [];
for (const [qid, rels] of data.qrels) {
  const lex = fts.search(data.queries.get(qid)!, K);
  lexical.set(qid, lex);
  bm25.push(ndcgAt([...lex.keys()], rels));
}
ndcg10.bm25 = round(mean(bm25));
ndcg10.productBm25 = round(mean([...data.qrels].map(([qid, rels]) => ndcgAt([...product.lexical(data.queries.get(qid)!, K).keys()], rels))));
// the mix of the two parts is applied at embedding time: evaluate several without retraining
for (const lsaWeight of lsaWeights) {
  const embedder = createBuiltinEmbedder({ ...model, lsaWeight });
  const vectors = await embedder.embedDocuments(data.corpus);
  const index = new VectorIndex(data.corpus.map((p) => p.id), vectors, embedder.dimensions);
  const runs: Record<string, number[]> = { alone: [] };
  for (const w of grid) runs[`fused@${w}`] = [];
  for (const w of grid) runs[`product@${w}`] = [];
  for (const [qid, rels] of data.qrels) {
    const lex = lexical.get(qid)!;
    const qv = await embedder.embedQuery(data.queries.get(qid)!);
    for (const w of grid) runs[`product@${w}`]!.push(ndcgAt(product.fused(data.queries.get(qid)!, qv, index, K, { lexical: 1, semantic: w }), rels));
    const sem = index.search(qv, K);
    runs.alone!.push(ndcgAt([...sem.keys()], rels));
    // semantic scores also for the lexical candidates (their vectors are at hand)
    for (const id of lex.keys()) if (!sem.has(id)) sem.set(id, index.score(qv, id));
    for (const w of grid) runs[`fused@${w}`]!.push(ndcgAt(fuseScores(lex, sem, { lexical: 1, semantic: w }).map((h) => h.id), rels));
  }
  for (const [k, v] of Object.entries(runs)) ndcg10[`lsa${lsaWeight}/${k}`] = round(mean(v));
}
// The alternative to one concatenated vector: keep the parts as two channels and
// fuse three z-scored lists (bm25 + a*contrastive + b*lsa), as the prototype did.
if (process.env.THREE_WAY) {
  const parts = [0, 1].map((w) => createBuiltinEmbedder({ ...model, lsaWeight: w })); // [contrastive, lsa]
  const indexes = await Promise.all(parts.map(async (e) => new VectorIndex(data.corpus.map((p) => p.id), await e.embedDocuments(data.corpus), e.dimensions)));
  const combos = [[0.3, 0.7], [0.5, 0.5], [0.6, 0.3], [0.7, 0.3], [0.85, 0.25]] as const;
  const runs = combos.map(() => [] as number[]);
  for (const [qid, rels] of data.qrels) {
    const q = data.queries.get(qid)!;
    const lex = lexical.get(qid)!;
    const lists = [lex];
    for (let c = 0; c < 2; c++) {
      const qv = await parts[c]!.embedQuery(q);
      const sem = indexes[c]!.search(qv, K);
      for (const id of lex.keys()) if (!sem.has(id)) sem.set(id, indexes[c]!.score(qv, id));
      lists.push(sem);
    }
    combos.forEach(([a, b], i) => {
      // z-fuse lex with contrastive, then treat lsa as a third list via the same rule
      const ids = new Set(lists.flatMap((l) => [...l.keys()]));
      const z = lists.map((l) => {
        const v = [...l.values()];
        const m = v.reduce((x, y) => x + y, 0) / v.length;
        const sd = Math.sqrt(v.reduce((x, y) => x + (y - m) ** 2, 0) / v.length) || 1;
        const min = Math.min(...v);
        return (id: string) => ((l.get(id) ?? min) - m) / sd;
      });
      const ranked = [...ids].map((id) => ({ id, s: z[0]!(id) + a * z[1]!(id) + b * z[2]!(id) })).sort((x, y) => y.s - x.s);
      runs[i]!.push(ndcgAt(ranked.map((r) => r.id), rels));
    });
  }
  combos.forEach(([a, b], i) => (ndcg10[`threeWay con${a}+lsa${b}`] = round(mean(runs[i]!))));
}
console.log(JSON.stringify({ split, queries: data.qrels.size, titleWeight, hp, trainMs, phaseMs: model.info.phaseMs, modelBytes: serializeBuiltinModel(model).length, epochs: model.info.epochs, losses: model.info.losses.map((l) => round(l, 3)), ndcg10 }, null, 1));
