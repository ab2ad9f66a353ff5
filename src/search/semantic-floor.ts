/**
 * When the meaning side has found nothing. The semantic side always returns
 * its nearest papers, however far: for `xyzzyplughqwerty` (no known word: a
 * zero vector, every similarity 0) or a salad of unrelated words, the "nearest"
 * papers are just the collection's background. So it proposes papers only when
 * the query's best similarity stands clearly above the query's own background,
 * measured on the candidates it returns anyway (no extra work per search):
 *
 *   confidence = (top-1 similarity - median of the top K) / std of the top K
 *
 * K is the number of candidates asked for (100 by default). Scale-free, so it
 * holds for embedders whose similarities sit in different ranges.
 * Calibrated with bench/nothing-found.ts; see src/search/README.md ("Nothing
 * found") for the rates measured.
 */

/** Below this confidence the meaning side proposes no paper (calibrated: see the README). */
export const SEMANTIC_FLOOR = 2.5;

/** Fewer candidates than this say nothing about a background: trust them. */
const MIN_BACKGROUND = 10;

/** The confidence of a semantic list, similarities best first (see above). */
export function semanticConfidence(similarities: readonly number[]): number {
  const n = similarities.length;
  if (n === 0) return 0;
  if (n < MIN_BACKGROUND) return Number.POSITIVE_INFINITY;
  const sorted = [...similarities].sort((a, b) => b - a);
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  let mean = 0;
  for (const s of sorted) mean += s;
  mean /= n;
  let variance = 0;
  for (const s of sorted) variance += (s - mean) * (s - mean);
  const std = Math.sqrt(variance / n);
  if (!(std > 1e-9)) return 0;
  return (sorted[0]! - median) / std;
}

/** True when the meaning side found something above the query's background. */
export function semanticFound(similarities: readonly number[]): boolean {
  return semanticConfidence(similarities) >= SEMANTIC_FLOOR;
}
