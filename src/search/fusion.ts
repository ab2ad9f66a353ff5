/**
 * Fusion of lexical (BM25) and semantic (cosine) candidate lists by per-query
 * z-score interpolation: each list's scores are standardised over that list's
 * own candidates, then `lexical * z_lex + semantic * z_sem`. Scores, not ranks:
 * reciprocal rank fusion throws away how far ahead a confident hit is, and with
 * a weak semantic channel it lost to BM25 alone in every prototype we measured.
 *
 * A candidate missing from one list gets that list's minimum z (it ranked
 * below everything the list returned, so it is treated as the list's worst).
 * A list with no candidates, or whose scores are all equal, contributes 0 to
 * every candidate, so the other list decides the order alone.
 */
export interface FusionWeights {
  readonly lexical: number;
  readonly semantic: number;
}

/**
 * Chosen with the built-in embedder on SciFact *train* queries (best 0.5-0.7)
 * and the known-item paraphrase check (best 1-1.5): 0.85 is within 0.003 of
 * the best of each. Never tuned on SciFact test. See bench/quality/README.md.
 */
export const DEFAULT_FUSION_WEIGHTS: FusionWeights = Object.freeze({ lexical: 1, semantic: 0.85 });

export interface FusedHit {
  readonly id: string;
  readonly score: number;
}

interface Standardised {
  readonly z: Map<string, number>;
  readonly missing: number;
}

function standardise(scores: ReadonlyMap<string, number>): Standardised {
  const z = new Map<string, number>();
  const values: number[] = [];
  for (const v of scores.values()) if (Number.isFinite(v)) values.push(v);
  if (values.length === 0) {
    for (const id of scores.keys()) z.set(id, 0);
    return { z, missing: 0 };
  }
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  let min = Infinity;
  for (const v of values) {
    variance += (v - mean) * (v - mean);
    min = Math.min(min, v);
  }
  const std = Math.sqrt(variance / values.length);
  const toZ = (v: number) => (std > 1e-12 * Math.max(1, Math.abs(mean)) ? (v - mean) / std : 0);
  const missing = toZ(min);
  for (const [id, v] of scores) z.set(id, Number.isFinite(v) ? toZ(v) : missing);
  return { z, missing };
}

export function fuseScores(
  lexical: ReadonlyMap<string, number>,
  semantic: ReadonlyMap<string, number>,
  weights: FusionWeights = DEFAULT_FUSION_WEIGHTS,
): FusedHit[] {
  const lex = standardise(lexical);
  const sem = standardise(semantic);
  const ids = new Set<string>([...lexical.keys(), ...semantic.keys()]);
  const out: FusedHit[] = [];
  for (const id of ids) {
    const zl = lex.z.get(id) ?? lex.missing;
    const zs = sem.z.get(id) ?? sem.missing;
    out.push({ id, score: weights.lexical * zl + weights.semantic * zs });
  }
  out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}
