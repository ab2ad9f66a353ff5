/**
 * Prototype of adjacent-word-pair (bigram) matching: for each pair of
 * adjacent query words (neither a stop word), the pair's BM25 as FTS5 scores
 * the phrase "a b" (phrase frequency per column, column weights, the paper's
 * token count for its length, the phrase's own document frequency for IDF).
 * Only the pairs of the given queries are indexed (the answer is the same as a
 * full pair index, at a fraction of the memory).
 */
import { forEachWord, stemWord } from '../../src/search/lexical/index-tokens.ts';
import { STOP_WORDS } from '../../src/search/query.ts';
import type { Paper } from './data.ts';

const K1 = 1.2;
const B = 0.75;

/** Index-term pairs of adjacent query words, both not stop words. */
export function queryPairs(text: string): string[] {
  const words: string[] = [];
  forEachWord(text, (w) => words.push(w));
  const out = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) {
    if (STOP_WORDS.has(words[i]!) || STOP_WORDS.has(words[i + 1]!)) continue;
    out.add(`${stemWord(words[i]!)} ${stemWord(words[i + 1]!)}`);
  }
  return [...out];
}

export class PairScorer {
  private readonly postings = new Map<string, { doc: number[]; title: number[]; rest: number[] }>();
  private readonly length: Uint32Array;
  private readonly avgdl: number;
  titleWeight: number;

  constructor(private readonly papers: readonly Paper[], queries: readonly string[], weights: { title: number; abstract: number }) {
    this.titleWeight = weights.title;
    for (const q of queries) for (const p of queryPairs(q)) this.postings.set(p, { doc: [], title: [], rest: [] });
    this.length = new Uint32Array(papers.length);
    const stems = new Map<string, string>();
    const stem = (w: string) => stems.get(w) ?? stems.set(w, stemWord(w)).get(w)!;
    let total = 0;
    papers.forEach((p, d) => {
      const counts = new Map<string, [number, number]>();
      const scan = (text: string, col: 0 | 1) => {
        let prev: string | null = null;
        return forEachWord(text, (w) => {
          const s = stem(w);
          if (prev !== null) {
            const key = `${prev} ${s}`;
            if (this.postings.has(key)) {
              const c = counts.get(key) ?? counts.set(key, [0, 0]).get(key)!;
              c[col]++;
            }
          }
          prev = s;
        });
      };
      let len = scan(p.title, 0) + scan(p.abstract, 1);
      len += forEachWord(p.authors, () => undefined);
      this.length[d] = len;
      total += len;
      for (const [key, [t, r]] of counts) {
        const post = this.postings.get(key)!;
        post.doc.push(d);
        post.title.push(t);
        post.rest.push(r);
      }
    });
    this.avgdl = total / Math.max(1, papers.length);
  }

  get size(): number {
    return this.postings.size;
  }

  /** id → sum over the query's pairs of the pair's BM25 (weight 1); `titleOnly`: pairs in titles only (a smaller index) */
  scores(text: string, titleOnly = false): Map<string, number> {
    const n = this.papers.length;
    const out = new Map<string, number>();
    for (const key of queryPairs(text)) {
      const post = this.postings.get(key);
      if (!post || post.doc.length === 0) continue;
      let df = post.doc.length;
      if (titleOnly) df = post.title.filter((t) => t > 0).length;
      if (df === 0) continue;
      let idf = Math.log((n - df + 0.5) / (df + 0.5));
      if (idf <= 0) idf = 1e-6;
      for (let i = 0; i < post.doc.length; i++) {
        const d = post.doc[i]!;
        if (titleOnly && post.title[i] === 0) continue;
        const f = this.titleWeight * post.title[i]! + (titleOnly ? 0 : post.rest[i]!);
        const s = (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * this.length[d]!) / this.avgdl));
        const id = this.papers[d]!.id;
        out.set(id, (out.get(id) ?? 0) + s);
      }
    }
    return out;
  }
}
