/**
 * Fusion of lexical (BM25) and semantic (cosine) candidate lists by per-query
 * z-score interpolation: each list's scores are standardised over that list's
 * own candidates, then `lexical * z_lex + semantic * z_sem`. Scores, not ranks:
 * reciprocal rank fusion throws away how far ahead a confident hit is, and with
 * a weak semantic channel it lost to BM25 alone in every prototype we measured.
 *
 * The lexical list holds every candidate that matches at least one query word
 * (search-service.ts gives the semantic candidates their BM25 when they match).
 * The rule for the others, papers that match no query word:
 * - A word match never falls below a paper that matches no word unless the
 *   meaning side is confident about that paper: a paper missing from the
 *   lexical list gets the list's worst z minus NO_MATCH_GAP (3 standard
 *   deviations of the list), so it overtakes the worst word match only when
 *   its semantic z is ahead by 3 / semantic weight (6 at the default 0.5).
 *   The search service only proposes semantic candidates at all when the
 *   query's best similarity is clearly above its background (the "nothing
 *   found" floor, semantic-floor.ts).
 * - A lexical list without spread (one candidate, or all scores equal) has no
 *   scale to say how far ahead its papers are, so it cannot be outvoted: its
 *   papers come first, in the semantic list's order, then the rest. This is
 *   how a word that occurs in one paper only (a paper's name, `EnvHarness`)
 *   finds that paper.
 * An empty lexical list contributes nothing: the semantic list decides alone.
 * A candidate missing from the semantic list (a paper without a vector) gets
 * that list's minimum z; a semantic list without spread contributes 0.
 */
export interface FusionWeights {
  readonly lexical: number;
  readonly semantic: number;
}

/**
 * Semantic weight 0.5, chosen on the *tuning* half of the ai_summary dev set (bench/quality/
 * summaries.ts, issue 10) once the word side counts adjacent word pairs (PAIR_WEIGHT): MRR@10
 * 0.7962 / 0.7981 / 0.7979 / **0.7985** / 0.7964 / 0.7957 / 0.7927 at 0.2 / 0.3 / 0.4 / 0.5 / 0.6
 * / 0.7 / 0.85 (0.85 was the choice before pairs, from SciFact train and the title check). The
 * held-out half, SciFact test and the title check were only reported: bench/quality/README.md.
 */
export const DEFAULT_FUSION_WEIGHTS: FusionWeights = Object.freeze({ lexical: 1, semantic: 0.5 });

export interface FusedHit {
  readonly id: string;
  readonly score: number;
}

/** How far below the worst word match (in that list's standard deviations) a paper that matches no query word starts. */
export const NO_MATCH_GAP = 3;

interface Standardised {
  readonly z: Map<string, number>;
  /** the z of the list's worst candidate */
  readonly min: number;
  /** false when the list is empty or all its finite scores are equal */
  readonly spread: boolean;
}

function standardise(scores: ReadonlyMap<string, number>): Standardised {
  const z = new Map<string, number>();
  const values: number[] = [];
  for (const v of scores.values()) if (Number.isFinite(v)) values.push(v);
  if (values.length === 0) {
    for (const id of scores.keys()) z.set(id, 0);
    return { z, min: 0, spread: false };
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
  const spread = std > 1e-12 * Math.max(1, Math.abs(mean));
  const toZ = (v: number) => (spread ? (v - mean) / std : 0);
  const zMin = toZ(min);
  for (const [id, v] of scores) z.set(id, Number.isFinite(v) ? toZ(v) : zMin);
  return { z, min: zMin, spread };
}

export function fuseScores(
  lexical: ReadonlyMap<string, number>,
  semantic: ReadonlyMap<string, number>,
  weights: FusionWeights = DEFAULT_FUSION_WEIGHTS,
): FusedHit[] {
  const lex = standardise(lexical);
  const sem = standardise(semantic);
  const noMatch = lex.min - NO_MATCH_GAP;
  // without spread, word matches form a tier of their own (see the rule above)
  const tiered = lexical.size > 0 && !lex.spread;
  const ids = new Set<string>([...lexical.keys(), ...semantic.keys()]);
  const out: (FusedHit & { tier: number })[] = [];
  for (const id of ids) {
    const zl = lex.z.get(id);
    const zs = sem.z.get(id) ?? sem.min;
    const tier = tiered && zl === undefined ? 1 : 0;
    out.push({ id, tier, score: weights.lexical * (zl ?? (lexical.size > 0 ? noMatch : 0)) + weights.semantic * zs });
  }
  out.sort((a, b) => a.tier - b.tier || b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out.map(({ id, score }) => ({ id, score }));
}
