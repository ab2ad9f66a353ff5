/**
 * Quality bench: SciFact test nDCG@10 and the known-item paraphrase MRR@10,
 * plain FTS5 BM25 and the default pipeline (built-in embedder + z-score
 * fusion with DEFAULT_FUSION_WEIGHTS) side by side, measured in the same run.
 * Each part runs in its own process (bench/quality/*.ts hold the details and
 * the weight sweeps used to choose the defaults). Prints one JSON document.
 *
 *   npx tsx bench/quality.ts            # ~4 min on 2 quiet cores (trains two models)
 *   N=200 npx tsx bench/quality.ts      # fewer paraphrase queries
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

function run(script: string, args: string[]): Record<string, unknown> {
  const path = fileURLToPath(new URL(`./quality/${script}`, import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', path, ...args], {
    env: { ...process.env, GRID: 'default' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    console.error(`${script} failed with status ${String(r.status)}`);
    process.exit(1);
  }
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

// `default` is the product's own search code (bench/quality/product-search.ts); `benchFusion` the
// bench's reconstruction of it over raw FTS5, kept to compare with earlier runs
const pick = (scores: Record<string, number>, baseline: string) => {
  const product = Object.entries(scores).find(([k]) => k.includes('/product@'));
  const fused = Object.entries(scores).find(([k]) => k.includes('/fused@'));
  const alone = Object.entries(scores).find(([k]) => k.endsWith('/alone'));
  return { bm25: scores[baseline], productBm25: scores.productBm25, embedderAlone: alone?.[1], benchFusion: fused?.[1], default: product?.[1] };
};

const scifact = run('scifact.ts', ['test']);
const paraphrase = run('paraphrase.ts', []);
const s = pick(scifact.ndcg10 as Record<string, number>, 'bm25');
const p = pick(paraphrase.mrr10 as Record<string, number>, 'bm25');
console.log(JSON.stringify({
  scifactTestNdcg10: { ...s, goal: 0.7, pass: (s.default ?? 0) >= 0.7, trainMs: scifact.trainMs },
  paraphraseMrr10: { ...p, queries: paraphrase.queries, papers: paraphrase.papers, betterThanBm25: (p.default ?? 0) > (p.bm25 ?? 0) },
  builtinOn85k: {
    trainMs: paraphrase.trainMs, phaseMs: paraphrase.phaseMs, embedDocsMs: paraphrase.embedDocsMs,
    queryEmbedMsMean: paraphrase.queryEmbedMsMean, modelBytes: paraphrase.modelBytes,
  },
}, null, 1));
