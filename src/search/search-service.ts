/**
 * Search: the full-text (BM25) and semantic (vector) sides, fused by score.
 *
 *   query ──parse──> FTS5 expression ──> top BM25 candidates ─┐
 *        └─embed──> query vector ──> nearest paper vectors ───┴─> complete both scores
 *                                                                 for every candidate ─> fuse ─> page
 *
 * Without a semantic side (no model yet, or search is lexical by choice) it is
 * plain BM25. Filters (author, category, dates, exclusions) hold on both sides.
 */
import { invalidInput } from '../domain/errors.ts';
import type { PaperRecord } from '../domain/paper.ts';
import { highlightsOf, lexicalScoresOf, lexicalSearch, papersByRowid, rowidOf, type Highlight } from '../store/search-repo.ts';
import type { Store } from '../store/store.ts';
import { dot, type Embedder } from './embedder.ts';
import { hasFilters, passesFilters } from './filters.ts';
import { fuseScores, type FusionWeights } from './fusion.ts';
import { ftsExpression, isEmptyQuery, parseQuery, type ParsedQuery } from './query.ts';

/** Semantic search is available when an embedder is ready and the vector index holds its vectors. */
export interface SemanticSide {
  readonly embedder: Embedder;
  /** the model name the vector index must have been built with */
  readonly vectorModel: string;
}

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
}

export interface SearchResult {
  readonly query: ParsedQuery;
  readonly hits: readonly SearchHit[];
  /** ranked candidates available for paging (capped by `candidates`) */
  readonly total: number;
  readonly semantic: boolean;
}

export const MAX_RESULTS = 200;
const DEFAULT_CANDIDATES = 100;

export class SearchService {
  constructor(
    private readonly store: Store,
    private semantic: SemanticSide | null = null,
  ) {}

  setSemantic(side: SemanticSide | null): void {
    this.semantic = side;
  }

  /** The semantic side, if its vectors are in the index. */
  private ready(): SemanticSide | null {
    const s = this.semantic;
    if (!s) return null;
    const current = this.store.vectors.current();
    return current && current.model === s.vectorModel ? s : null;
  }

  async search(input: string, options: SearchOptions): Promise<SearchResult> {
    const q = parseQuery(input);
    if (isEmptyQuery(q)) throw invalidInput('type some words to search for, or a filter such as author:Name, cat:cs.AI or after:2026-01-01');
    const offset = options.offset ?? 0;
    const candidates = Math.min(Math.max(options.candidates ?? DEFAULT_CANDIDATES, offset + options.limit), MAX_RESULTS);
    const match = ftsExpression(q);
    const lexical = await lexicalSearch(this.store.db, match, q, candidates);
    const semantic = this.ready();
    const textual = match !== null && q.words.length + q.phrases.length > 0 && q.text.trim() !== '';

    let ranked: { rowid: number; score: number }[];
    if (!semantic || !textual) {
      ranked = lexical.map((h) => ({ rowid: h.rowid, score: h.score }));
    } else {
      const queryVector = await semantic.embedder.embedQuery(q.text);
      ranked = await this.fuse(q, match, lexical, queryVector, candidates, options.weights);
    }
    const page = ranked.slice(offset, offset + options.limit);
    const rowids = page.map((r) => r.rowid);
    const [papers, highlights] = await Promise.all([
      papersByRowid(this.store.db, rowids),
      match ? highlightsOf(this.store.db, match, rowids) : Promise.resolve(new Map<number, Highlight>()),
    ]);
    const hits = page.flatMap((r) => {
      const paper = papers.get(r.rowid);
      return paper ? [{ paper, score: r.score, highlight: highlights.get(r.rowid) ?? null }] : [];
    });
    return { query: q, hits, total: ranked.length, semantic: semantic !== null && textual };
  }

  /** Papers like this one: its own vector and its title's words, fused the same way. */
  async related(paperId: string, limit: number): Promise<PaperRecord[]> {
    const rowid = await rowidOf(this.store.db, paperId);
    if (rowid === null) return [];
    const self = (await papersByRowid(this.store.db, [rowid])).get(rowid)!;
    const q = parseQuery(self.title.slice(0, 400));
    const match = ftsExpression(q);
    const lexical = match ? await lexicalSearch(this.store.db, match, q, 50) : [];
    const semantic = this.ready();
    const own = semantic ? this.store.vectors.vectorsOf([rowid]).get(rowid) : undefined;
    const ranked = own ? await this.fuse(q, match, lexical, own, 50) : lexical;
    const ids = ranked.filter((r) => r.rowid !== rowid).slice(0, limit).map((r) => r.rowid);
    const papers = await papersByRowid(this.store.db, ids);
    return ids.flatMap((id) => papers.get(id) ?? []);
  }

  private async fuse(
    q: ParsedQuery,
    match: string | null,
    lexical: readonly { rowid: number; score: number }[],
    queryVector: Float32Array,
    candidates: number,
    weights?: FusionWeights,
  ): Promise<{ rowid: number; score: number }[]> {
    // Filters shrink the semantic neighbourhood, so ask for more when there are some.
    const filtered = hasFilters(q);
    let nearest = this.store.vectors.nearest(queryVector, filtered ? candidates * 4 : candidates);
    if (filtered && nearest.length > 0) {
      const papers = await papersByRowid(this.store.db, nearest.map((n) => n.rowid));
      nearest = nearest.filter((n) => {
        const p = papers.get(n.rowid);
        return p !== undefined && passesFilters(p, q);
      });
    }
    nearest = nearest.slice(0, candidates);

    const lexicalScores = new Map(lexical.map((h) => [h.rowid, h.score]));
    const semanticScores = new Map(nearest.map((n) => [n.rowid, n.similarity]));
    // Complete each side's scores for the other side's candidates.
    const lexOnly = lexical.filter((h) => !semanticScores.has(h.rowid)).map((h) => h.rowid);
    for (const [rowid, v] of this.store.vectors.vectorsOf(lexOnly)) semanticScores.set(rowid, dot(queryVector, v));
    const semOnly = nearest.filter((n) => !lexicalScores.has(n.rowid)).map((n) => n.rowid);
    if (match) for (const [rowid, s] of await lexicalScoresOf(this.store.db, match, semOnly)) lexicalScores.set(rowid, s);

    const key = (m: Map<number, number>): Map<string, number> => new Map([...m].map(([k, v]) => [String(k), v]));
    return fuseScores(key(lexicalScores), key(semanticScores), weights).map((f) => ({ rowid: Number(f.id), score: f.score }));
  }
}
