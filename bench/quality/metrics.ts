/** Retrieval metrics as BEIR computes them. */
export function ndcgAt(ranked: readonly string[], rels: ReadonlyMap<string, number>, k = 10): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const r = rels.get(id) ?? 0;
    if (r > 0) dcg += (2 ** r - 1) / Math.log2(i + 2);
  });
  const ideal = [...rels.values()].filter((r) => r > 0).sort((a, b) => b - a).slice(0, k);
  let idcg = 0;
  ideal.forEach((r, i) => (idcg += (2 ** r - 1) / Math.log2(i + 2)));
  return idcg > 0 ? dcg / idcg : 0;
}

export function reciprocalRankAt(ranked: readonly string[], target: string, k = 10): number {
  const i = ranked.slice(0, k).indexOf(target);
  return i < 0 ? 0 : 1 / (i + 1);
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
