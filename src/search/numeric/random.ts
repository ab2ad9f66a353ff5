/**
 * The one PRNG of search (mulberry32), so every training is reproducible for a
 * seed: the built-in embedder's (`new Rng(seed)`, seed mixed with the golden
 * ratio) and the vector index's (`rng(seed)`, the seed used as the state as it
 * is). Both streams are kept as they were, so models and indexes trained
 * before come out the same.
 */
export class Rng {
  private state: number;
  private spare: number | null = null;
  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
  }

  /** A generator that starts from `state` unmixed. */
  static raw(state: number): Rng {
    const r = new Rng(0);
    r.state = state >>> 0;
    return r;
  }
  /** uniform in [0, 1) */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  gaussian(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  shuffle(a: Int32Array | Uint32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
  }
}

/** Uniform numbers in [0, 1) from `Rng.raw(seed)`: the vector index's generator. */
export function rng(seed: number): () => number {
  const r = Rng.raw(seed);
  return () => r.next();
}
