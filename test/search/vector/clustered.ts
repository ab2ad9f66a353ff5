/** Test vectors for the vector index. */
import { rng } from '../../../src/search/numeric/random.ts';

export function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s);
  return v.map((x) => x / n);
}

/** Clustered random unit vectors of `dim` components, like embeddings of papers on a few hundred topics. */
export function clustered(n: number, seed: number, dim: number, topics = 60): Float32Array[] {
  const random = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centers = Array.from({ length: topics }, () => unit(Float32Array.from({ length: dim }, gauss)));
  return Array.from({ length: n }, () => {
    const c = centers[Math.floor(random() * topics)]!;
    return unit(Float32Array.from({ length: dim }, (_, i) => c[i]! + 0.15 * gauss()));
  });
}
