/**
 * Search: the full-text (BM25) and semantic (vector) sides, fused by score.
 *
 *   query ──parse──> FTS5 expression ──> top BM25 candidates ─┐
 *        └─embed──> query vector ──> nearest paper vectors ───┴─> complete both scores
 *                                                                 for every candidate ─> fuse ─> page
 *
 * Without a semantic side (no model yet, or search is lexical by choice) it is
 * plain BM25. The semantic side proposes papers only when its best one stands
 * clearly above the query's background (semantic-floor.ts); with no word match
 * either, nothing is found, and the result says so (no hits). A query that is
 * an arXiv id or a link to one (`pastedArxivId`) answers with that paper when
 * it is here. Filters (author, category, dates, exclusions) hold on both sides.
 * Given `follow`, the semantic side follows the model of the stored vectors
 * when another process rewrites them (semantic-follower.ts).
 * It owns the vector index (vector/): one per process, holding the lists in
 * memory once warm; embedMissing writes through the same one (`vectors`).
 */
import { invalidInput } from '../domain/errors.ts';
import type { PaperRecord } from '../domain/paper.ts';
import { lexicalScoresOf, lexicalSearch, papersByRowid, rowidOf, rowidsOf } from '../store/search-repo.ts';
import type { Store } from '../store/store.ts';
import type { LexicalResult } from './lexical/inverted-index.ts';
import { highlightOf, markPlanOf } from './lexical/highlight.ts';
import type { Highlight } from './lexical/highlight-marks.ts';
import type { LiveLexicalIndex } from './lexical/live-index.ts';
import { dot, type Embedder } from './embedder.ts';
import { hasFilters, passesFilters } from './filters.ts';
import { fuseScores, type FusionWeights } from './fusion.ts';
import { ftsExpression, isEmptyQuery, pairExpression, PAIR_WEIGHT, parseQuery, pastedArxivId, type ParsedQuery } from './query.ts';
import { semanticFound } from './semantic-floor.ts';
import { SemanticFollower, type FollowOptions } from './semantic-follower.ts';
import { openVectorIndex } from './vector/ivf-index.ts';
import type { SemanticSide } from './semantic-side.ts';
import type { VectorHit, VectorIndex } from './vector/vector-index.ts';

export type { SemanticSide } from './semantic-side.ts';

export interface SearchOptions {
  readonly limit: number;
  readonly offset?: number;
  /** how many candidates each side contributes before fusion */
  readonly candidates?: number;
  readonly weights?: FusionWeights;
}

export interface SearchHit {
  readonly paper: PaperRecord;
  readonly score: number;
  /** marked title and abstract fragment when the words matched (see MARK_START/MARK_END) */
  readonly highlight: Highlight | null;
  /** the paper matches the query's words (in its title, abstract or authors), not only its meaning */
  readonly matchedWords: boolean;
}

export interface SearchResult {
  readonly query: ParsedQuery;
  readonly hits: readonly SearchHit[];
  /** ranked candidates available for paging (capped by `candidates`) */
  readonly total: number;
  readonly semantic: boolean;
  /** the paper the query names (a pasted arXiv id or link) when it is here: then the only hit */
  readonly paperId: string | null;
}

export const MAX_RESULTS = 200;

/** A reader's taste in meaning (SearchService.taste). */
export interface Taste {
  /** cosine similarity of each candidate with a vector to the taste */
  similarities(candidates: readonly string[]): Promise<Map<string, number>>;
  /** of the seeds, the one closest in meaning to each paper with a vector */
  closestSeeds(papers: readonly string[]): Promise<Map<string, string>>;
}
const DEFAULT_CANDIDATES = 100;
const RELATED_CANDIDATES = 50;

export class SearchService {
  private readonly semantic: SemanticFollower;

  constructor(
    private readonly store: Store,
    semantic: SemanticSide | null = null,
    /** in-memory BM25 (same scores as FTS5, much faster); FTS5 answers while it builds, or without one */
    private readonly lexicalIndex: LiveLexicalIndex | null = null,
    /** how to load the side of a model another process stored; without it a changed model means words only */
    follow: FollowOptions | null = null,
    /** the paper vectors; by default an index over the store's vector rows */
    readonly vectors: VectorIndex = openVectorIndex(store),
  ) {
    this.semantic = new SemanticFollower(vectors, semantic, follow);
  }

  /** Switches to `side` (a no-op when it is the side in use already). */
  setSemantic(side: SemanticSide | null): void {
    if (side !== this.semantic.current) this.semantic.set(side);
  }

  /** The semantic side in use, whether or not the stored vectors are its model's right now. */
  get semanticSide(): SemanticSide | null {
    return this.semantic.current;
  }

  /**
   * Changes whenever the semantic side does, which changes answers without a
   * write to the database: part of what a cached answer depends on.
   */
  get semanticGeneration(): number {
    return this.semantic.generation;
  }

  /** Resolves once a semantic side being loaded in the background is in use (or failed). */
  semanticSettled(): Promise<void> {
    return this.semantic.settled();
  }

  /** The semantic side, if its vectors are in the index. */
  private ready(): SemanticSide | null {
    return this.semantic.ready();
  }

  /** The paper a query names by its arXiv id or link, when it is here; null otherwise. */
  async pastedPaper(input: string): Promise<string | null> {
    const id = pastedArxivId(input);
    return id !== null && (await rowidOf(this.store.db, id)) !== null ? id : null;
  }

  async search(input: string, options: SearchOptions): Promise<SearchResult> {
    const q = parseQuery(input);
    const offset = options.offset ?? 0;
    const pasted = pastedArxivId(input);
    const pastedRowid = pasted === null ? null : await rowidOf(this.store.db, pasted);
    if (pastedRowid !== null) {
      const paper = offset === 0 ? (await papersByRowid(this.store.db, [pastedRowid])).get(pastedRowid) : undefined;
      return { query: q, hits: paper ? [{ paper, score: 0, highlight: null, matchedWords: false }] : [], total: 1, semantic: false, paperId: pasted };
    }
    if (isEmptyQuery(q)) {
      if (q.wordless) return { query: q, hits: [], total: 0, semantic: false, paperId: null };
      throw invalidInput('type some words to search for, or a filter such as author:Name, cat:cs.AI or after:2026-01-01');
    }
    const candidates = Math.min(Math.max(options.candidates ?? DEFAULT_CANDIDATES, offset + options.limit), MAX_RESULTS);
    const match = ftsExpression(q);
    let semantic = this.ready();
    const textual = match !== null && q.words.length + q.phrases.length > 0 && q.text.trim() !== '';

    let ranked: { rowid: number; score: number }[] | null = null;
    /** rowids the words matched, when the meaning side proposed papers too (otherwise every hit matched them) */
    let byWords: Set<number> | null = null;
    if (semantic && textual) {
      const queryVector = await semantic.embedder.embedQuery(q.text);
      if (this.ready() === semantic) {
        const proposed = await this.nearest(q, queryVector, candidates);
        // nearest papers that do not stand out from the query's background are no answer (semantic-floor.ts)
        const nearest = semanticFound(proposed.slice(0, DEFAULT_CANDIDATES).map((n) => n.similarity)) ? proposed : [];
        const lexical = await this.lexical(q, match, candidates, nearest.map((n) => n.rowid));
        ranked = lexical.hits.length + nearest.length === 0 ? [] : this.fuse(lexical, nearest, queryVector, options.weights);
        byWords = new Set([...lexical.hits.map((h) => h.rowid), ...lexical.scores.keys()]);
      } else {
        semantic = null; // the stored vectors changed model while the query was embedded
      }
    }
    ranked ??= (await this.lexical(q, match, candidates, [])).hits;
    const page = ranked.slice(offset, offset + options.limit);
    const rowids = page.map((r) => r.rowid);
    const papers = await papersByRowid(this.store.db, rowids);
    const plan = match ? markPlanOf(q) : null;
    const hits = page.flatMap((r) => {
      const paper = papers.get(r.rowid);
      const matchedWords = match !== null && (byWords === null || byWords.has(r.rowid));
      return paper ? [{ paper, score: r.score, highlight: plan ? highlightOf(paper.title, paper.abstract ?? '', plan) : null, matchedWords }] : [];
    });
    return { query: q, hits, total: ranked.length, semantic: semantic !== null && textual, paperId: null };
  }

  /** Papers like this one: its own vector and its title's words, fused the same way. */
  async related(paperId: string, limit: number): Promise<PaperRecord[]> {
    const rowid = await rowidOf(this.store.db, paperId);
    if (rowid === null) return [];
    const self = (await papersByRowid(this.store.db, [rowid])).get(rowid)!;
    const q = parseQuery(self.title.slice(0, 400));
    const match = ftsExpression(q);
    const semantic = this.ready();
    const own = semantic ? this.vectors.vectorsOf([rowid]).get(rowid) : undefined;
    const nearest = own ? await this.nearest(q, own, RELATED_CANDIDATES) : [];
    // a title without searchable words has no lexical side (not the newest papers, as a filter-only search would)
    const lexical = match ? await this.lexical(q, match, RELATED_CANDIDATES, nearest.map((n) => n.rowid)) : { hits: [], scores: new Map<number, number>() };
    const ranked = own ? this.fuse(lexical, nearest, own) : lexical.hits;
    const ids = ranked.filter((r) => r.rowid !== rowid).slice(0, limit).map((r) => r.rowid);
    const papers = await papersByRowid(this.store.db, ids);
    return ids.flatMap((id) => papers.get(id) ?? []);
  }

  /**
   * A reader's taste (domain/for-you.ts): the weighted mean of the seeds'
   * vectors; null while the meaning side is not in use or no seed has a vector.
   * It reads each paper's vector once, seeds and candidates alike.
   */
  async taste(seeds: readonly { readonly id: string; readonly weight: number }[]): Promise<Taste | null> {
    if (!this.ready()) return null;
    const known = new Map<string, Float32Array>();
    const vectorsFor = async (ids: readonly string[]): Promise<Map<string, Float32Array>> => {
      const missing = ids.filter((id) => !known.has(id));
      const rowids = await rowidsOf(this.store.db, missing);
      const read = this.vectors.vectorsOf([...rowids.values()]);
      for (const [id, rowid] of rowids) {
        const v = read.get(rowid);
        if (v) known.set(id, v);
      }
      return new Map(ids.flatMap((id): [string, Float32Array][] => (known.has(id) ? [[id, known.get(id)!]] : [])));
    };
    const seedVectors = await vectorsFor(seeds.map((s) => s.id));
    let profile: Float32Array | null = null;
    for (const seed of seeds) {
      const v = seedVectors.get(seed.id);
      if (!v) continue;
      profile ??= new Float32Array(v.length);
      for (let i = 0; i < v.length; i++) profile[i]! += seed.weight * v[i]!;
    }
    if (!profile) return null;
    const norm = Math.sqrt(dot(profile, profile));
    if (!(norm > 0)) return null;
    for (let i = 0; i < profile.length; i++) profile[i]! /= norm;
    const p = profile;
    return {
      similarities: async (candidates) => new Map([...(await vectorsFor(candidates))].map(([id, v]) => [id, dot(p, v)])),
      closestSeeds: async (papers) => {
        const out = new Map<string, string>();
        for (const [id, v] of await vectorsFor(papers)) {
          let best: { id: string; s: number } | null = null;
          for (const [seedId, sv] of seedVectors) {
            const s = dot(v, sv);
            if (best === null || s > best.s) best = { id: seedId, s };
          }
          if (best) out.set(id, best.id);
        }
        return out;
      },
    };
  }

  /**
   * BM25 top `limit`, and the BM25 of `alsoScore` papers that match (the
   * semantic side's candidates, so both sides are scored on the same papers).
   */
  private async lexical(q: ParsedQuery, match: string | null, limit: number, alsoScore: readonly number[]): Promise<LexicalResult> {
    const live = match && this.lexicalIndex ? await this.lexicalIndex.search(q, limit, alsoScore) : null;
    if (live) return live;
    const pairs = pairExpression(q);
    const extra = match && pairs ? { match: pairs, weight: PAIR_WEIGHT } : null;
    const hits = await lexicalSearch(this.store.db, match, q, limit, undefined, extra);
    const scores = new Map<number, number>();
    if (!match || alsoScore.length === 0) return { hits, scores };
    const inHits = new Map(hits.map((h) => [h.rowid, h.score]));
    const rest: number[] = [];
    for (const rowid of alsoScore) {
      const s = inHits.get(rowid);
      if (s === undefined) rest.push(rowid);
      else scores.set(rowid, s);
    }
    for (const [rowid, s] of await lexicalScoresOf(this.store.db, match, rest, undefined, extra)) scores.set(rowid, s);
    return { hits, scores };
  }

  /** The semantic side's candidates that pass the query's filters. */
  private async nearest(q: ParsedQuery, vector: Float32Array, candidates: number): Promise<VectorHit[]> {
    // Filters shrink the semantic neighbourhood, so ask for more when there are some.
    const filtered = hasFilters(q);
    let nearest = this.vectors.nearest(vector, filtered ? candidates * 4 : candidates);
    if (filtered && nearest.length > 0) {
      const papers = await papersByRowid(this.store.db, nearest.map((n) => n.rowid));
      nearest = nearest.filter((n) => {
        const p = papers.get(n.rowid);
        return p !== undefined && passesFilters(p, q);
      });
    }
    return nearest.slice(0, candidates);
  }

  /** Both scores for every candidate of either side, fused. */
  private fuse(lexical: LexicalResult, nearest: readonly VectorHit[], queryVector: Float32Array, weights?: FusionWeights): { rowid: number; score: number }[] {
    return fuseCandidates(lexical, nearest, (rowids) => {
      const out = new Map<number, number>();
      for (const [rowid, v] of this.vectors.vectorsOf(rowids)) out.set(rowid, dot(queryVector, v));
      return out;
    }, weights);
  }
}

/**
 * The fusion step on its own (bench/quality runs it too): every candidate of
 * either side gets both scores — lexical ones from `lexical.scores` (the
 * semantic candidates that match the words), semantic ones from `similarityOf`
 * for the lexical-only candidates — then z-score fusion.
 */
export function fuseCandidates(
  lexical: LexicalResult,
  nearest: readonly VectorHit[],
  similarityOf: (rowids: readonly number[]) => Map<number, number>,
  weights?: FusionWeights,
): { rowid: number; score: number }[] {
  const lexicalScores = new Map<string, number>();
  for (const h of lexical.hits) lexicalScores.set(String(h.rowid), h.score);
  for (const [rowid, s] of lexical.scores) lexicalScores.set(String(rowid), s);
  const semanticScores = new Map<string, number>();
  for (const n of nearest) semanticScores.set(String(n.rowid), n.similarity);
  const lexOnly = lexical.hits.filter((h) => !semanticScores.has(String(h.rowid))).map((h) => h.rowid);
  for (const [rowid, sim] of similarityOf(lexOnly)) semanticScores.set(String(rowid), sim);
  return fuseScores(lexicalScores, semanticScores, weights).map((f) => ({ rowid: Number(f.id), score: f.score }));
}
