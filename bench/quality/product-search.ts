/**
 * The product's search over an in-memory corpus, so quality is measured on the
 * code `paperboy serve` runs rather than on a copy: the same word index
 * (InvertedIndex: FTS5's bm25() with the product's column weights), the same
 * query language (parseQuery + planQuery: stop words dropped, hyphenated words
 * as their parts, adjacent word pairs scored at PAIR_WEIGHT) and the same fusion
 * (fuseCandidates: both scores completed for every candidate, z-score fusion).
 * Vectors are searched exactly here (vectors.ts); the product's IVF index
 * finds ~97% of the same top 10 (bench/search.ts reports its recall).
 */
import { planQuery } from '../../src/search/lexical/live-index.ts';
import { InvertedIndex, type LexicalResult } from '../../src/search/lexical/inverted-index.ts';
import { PAIR_WEIGHT, parseQuery } from '../../src/search/query.ts';
import { fuseCandidates } from '../../src/search/search-service.ts';
import type { FusionWeights } from '../../src/search/fusion.ts';
import { DEFAULT_FIELD_WEIGHTS, type FieldWeights } from '../../src/store/search-repo.ts';
import type { Paper } from './data.ts';
import type { VectorIndex } from './vectors.ts';

export class ProductSearch {
  private readonly index: InvertedIndex;
  readonly rowOf = new Map<string, number>();
  /** weight of the query's word pairs (the product's PAIR_WEIGHT; 0 leaves them out), for experiments */
  pairWeight = PAIR_WEIGHT;

  constructor(private readonly papers: readonly Paper[], weights: FieldWeights = DEFAULT_FIELD_WEIGHTS) {
    this.index = new InvertedIndex(weights);
    papers.forEach((p, i) => {
      this.index.set(i + 1, { title: p.title, abstract: p.abstract, authors: p.authors });
      this.rowOf.set(p.id, i + 1);
    });
    this.index.pack();
  }

  idOf(rowid: number): string {
    return this.papers[rowid - 1]!.id;
  }

  /** BM25 top `k` (and the scores of `alsoScore` papers), as the product's word index answers. */
  words(query: string, k: number, alsoScore: readonly number[] = []): LexicalResult {
    let q;
    try {
      q = parseQuery(query.slice(0, 500));
    } catch {
      return { hits: [], scores: new Map() };
    }
    const plan = planQuery(q);
    const pairs = this.pairWeight > 0 ? plan.pairs : [];
    return this.index.search({ terms: plan.terms, pairs, pairWeight: this.pairWeight, excludedTerms: plan.excludedTerms, limit: k, alsoScore });
  }

  /** The lexical ranking alone: id → BM25, best first. */
  lexical(query: string, k: number): Map<string, number> {
    return new Map(this.words(query, k).hits.map((h) => [this.idOf(h.rowid), h.score]));
  }

  /** The default pipeline's ranking (ids, best first) for a query and its vector. */
  fused(query: string, queryVector: Float32Array, vectors: VectorIndex, k: number, weights?: FusionWeights): string[] {
    return this.fusedEach(query, queryVector, vectors, k, [weights])[0]!;
  }

  /** `fused` for several fusion weights (one word search, one similarity per candidate). */
  fusedEach(query: string, queryVector: Float32Array, vectors: VectorIndex, k: number, weights: readonly (FusionWeights | undefined)[]): string[][] {
    const nearest = [...vectors.search(queryVector, k)].map(([id, similarity]) => ({ rowid: this.rowOf.get(id)!, similarity }));
    const lexical = this.words(query, k, nearest.map((n) => n.rowid));
    const similarities = new Map<number, number>();
    const similarityOf = (rowids: readonly number[]) => {
      for (const r of rowids) if (!similarities.has(r)) similarities.set(r, vectors.score(queryVector, this.idOf(r)));
      return new Map(rowids.map((r) => [r, similarities.get(r)!]));
    };
    return weights.map((w) => fuseCandidates(lexical, nearest, similarityOf, w).map((r) => this.idOf(r.rowid)));
  }
}
