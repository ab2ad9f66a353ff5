/**
 * Quality bench, one JSON document, every part measured in the same run:
 *  - `summariesMrr10`: the ai_summary dev set (bench/quality/summaries.ts): Daily Papers'
 *    machine-written one-line paraphrases as known-item queries over all ~80k papers;
 *    MRR@10 on the held-out half (and the tuning half) for BM25 alone, the embedder alone
 *    and the default pipeline;
 *  - `scifactTestNdcg10`: SciFact test nDCG@10, plain FTS5 BM25 and the default (goal ≥ 0.70);
 *  - `paraphraseMrr10`: the title known-item check (a paper's title as the query, the paper
 *    indexed without it), plain FTS5 BM25 and the default;
 *  - `nothingFound`: the "nothing found" floor (src/search/semantic-floor.ts): its miss rate on
 *    the dev set (`summariesMrr10.floorMiss`: queries the meaning side proposes nothing for) and,
 *    from bench/nothing-found.ts, its false-positive rate on random queries and miss rate on
 *    titles and ai_summaries over the ~9.9k Daily Papers.
 * Each part runs in its own process (bench/quality/*.ts hold the details and the sweeps
 * used to choose the defaults).
 *
 *   npx tsx bench/quality.ts                       # ~10 min on 2 shared cores the first time
 *   QUALITY_PARTS=summaries npx tsx bench/quality.ts   # only some parts (summaries,scifact,paraphrase)
 *   N=200 npx tsx bench/quality.ts                 # fewer title queries
 *
 * Trained models (and the dev set's semantic top-100s) are cached in QUALITY_CACHE
 * (default /tmp/paperboy-quality-cache), named by a hash of src/search/builtin/*.ts, so a
 * second run only measures; a change to the embedder's code retrains.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinSourceHash } from './quality/data.ts';
import { DEFAULT_FUSION_WEIGHTS } from '../src/search/fusion.ts';

const cache = process.env.QUALITY_CACHE ?? '/tmp/paperboy-quality-cache';
mkdirSync(cache, { recursive: true });
const parts = new Set((process.env.QUALITY_PARTS ?? 'summaries,scifact,paraphrase,floor').split(','));
const source = builtinSourceHash();

// QUALITY_GRID=0.5,0.7 also reports SciFact and the title check at those semantic weights
const grid = process.env.QUALITY_GRID ? `${DEFAULT_FUSION_WEIGHTS.semantic},${process.env.QUALITY_GRID}` : 'default';

/** Runs one part in its own process (the parts run side by side); resolves with its JSON. */
function run(script: string, args: string[], env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const path = fileURLToPath(new URL(script.startsWith('../') ? script.slice(1) : `./quality/${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    env: { ...process.env, GRID: grid, QUALITY_CACHE: cache, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (stdout += d));
  return new Promise((resolve) => {
    child.on('close', (status) => {
      if (status !== 0) {
        console.error(`${script} failed with status ${String(status)}`);
        process.exit(1);
      }
      resolve(JSON.parse(stdout) as Record<string, unknown>);
    });
  });
}

// `default` is the product's own search code (bench/quality/product-search.ts); `benchFusion` the
// bench's reconstruction of it over raw FTS5, kept to compare with earlier runs
const pick = (scores: Record<string, number>, baseline: string) => {
  const w = DEFAULT_FUSION_WEIGHTS.semantic;
  const product = Object.entries(scores).find(([k]) => k.endsWith(`/product@${w}`));
  const fused = Object.entries(scores).find(([k]) => k.endsWith(`/fused@${w}`));
  const productGrid = Object.fromEntries(Object.entries(scores).filter(([k]) => k.includes('/product@')).map(([k, v]) => [k.slice(k.indexOf('product@')), v]));
  const alone = Object.entries(scores).find(([k]) => k.endsWith('/alone'));
  return { bm25: scores[baseline], productBm25: scores.productBm25, embedderAlone: alone?.[1], benchFusion: fused?.[1], default: product?.[1], ...(process.env.QUALITY_GRID ? { productGrid } : {}) };
};

const out: Record<string, unknown> = { fusionWeights: DEFAULT_FUSION_WEIGHTS };
const pending = {
  summaries: parts.has('summaries') ? run('summaries.ts', []) : null,
  scifact: parts.has('scifact') ? run('scifact.ts', ['test'], { MODEL_CACHE: join(cache, `scifact-model-${source}.bin`) }) : null,
  paraphrase: parts.has('paraphrase') ? run('paraphrase.ts', [], { MODEL_CACHE: join(cache, `paraphrase-model-${source}.bin`) }) : null,
  floor: parts.has('floor') ? run('../nothing-found.ts', []) : null,
};
if (pending.summaries) {
  const summaries = await pending.summaries;
  const mrr = summaries.mrr10 as Record<string, Record<string, number>>;
  out.summariesMrr10 = { heldout: mrr.heldout, tune: mrr.tune, floorMiss: summaries.floorMiss, queries: summaries.queries, papers: summaries.papers, model: summaries.model };
}
if (pending.scifact) {
  const scifact = await pending.scifact;
  const s = pick(scifact.ndcg10 as Record<string, number>, 'bm25');
  out.scifactTestNdcg10 = { ...s, goal: 0.7, pass: (s.default ?? 0) >= 0.7, trainMs: scifact.trainMs };
}
if (pending.paraphrase) {
  const paraphrase = await pending.paraphrase;
  const p = pick(paraphrase.mrr10 as Record<string, number>, 'bm25');
  out.paraphraseMrr10 = { ...p, queries: paraphrase.queries, papers: paraphrase.papers, betterThanBm25: (p.default ?? 0) > (p.bm25 ?? 0) };
  out.builtinOn85k = {
    trainMs: paraphrase.trainMs, phaseMs: paraphrase.phaseMs, embedDocsMs: paraphrase.embedDocsMs,
    queryEmbedMsMean: paraphrase.queryEmbedMsMean, modelBytes: paraphrase.modelBytes,
  };
}
if (pending.floor) {
  const floor = await pending.floor;
  out.nothingFound = { devSetMiss: (out.summariesMrr10 as { floorMiss?: unknown } | undefined)?.floorMiss, calibration: { corpus: floor.corpus, papers: floor.papers, queriesPerKind: floor.queriesPerKind, ...(floor.floor as object) } };
}
console.log(JSON.stringify(out, null, 1));
