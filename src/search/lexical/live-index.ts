/**
 * The in-memory BM25 index (inverted-index.ts) kept in step with the store.
 *
 * `start()` builds it from every paper in batches, yielding between them so a
 * server keeps answering (searches use FTS5 until it is ready). Before each
 * search it checks SQLite's data_version; when another connection or process
 * has written, it replays the change log (migration 0004) — a few thousand
 * changed papers inline, more in the background while FTS5 answers. A log
 * pruned past what this index has seen means a fresh build.
 *
 * It answers free-text queries without author, category or date filters (FTS5
 * joins those with the papers table faster than this index could): words from
 * its own postings; quoted phrases, which need word positions, from FTS5's bm25
 * of that phrase alone, added in. Scores equal FTS5's bm25() for the same
 * expression, plus PAIR_WEIGHT times the bm25() of the query's adjacent word
 * pairs as phrases (the FTS5 path adds the same: store/search-repo.ts).
 */
import { changeWindow, changesAfter, phraseScores, searchableTextsAfter, searchableTextsOf } from '../../store/search-text-repo.ts';
import { DEFAULT_FIELD_WEIGHTS, type FieldWeights } from '../../store/search-repo.ts';
import type { Store } from '../../store/store.ts';
import { PAIR_WEIGHT, quote, type ParsedQuery } from '../query.ts';
import { indexTerms } from './index-tokens.ts';
import { InvertedIndex, type LexicalResult } from './inverted-index.ts';

export interface LiveIndexOptions {
  readonly weights?: FieldWeights;
  /** papers read per batch while building or catching up */
  readonly batch?: number;
  /** at most this many logged changes are applied while a search waits; more are applied in the background */
  readonly inlineChanges?: number;
  /** rebuild postings once this share of slots belongs to replaced papers */
  readonly compactAt?: number;
  /** false: single words only, no word pairs (the reference in bench/search.ts) */
  readonly pairs?: boolean;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class LiveLexicalIndex {
  private index: InvertedIndex | null = null;
  private appliedSeq = 0;
  private checkedVersion: number | null = null;
  private building: Promise<void> | null = null;
  private catchingUp: Promise<void> | null = null;
  /** start() was called: rebuild by itself after a failure */
  private wanted = false;
  private stopped = false;
  private readonly weights: FieldWeights;
  private readonly batch: number;
  private readonly inlineChanges: number;
  private readonly compactAt: number;
  private readonly pairs: boolean;

  constructor(
    private readonly store: Store,
    options: LiveIndexOptions = {},
  ) {
    this.weights = options.weights ?? DEFAULT_FIELD_WEIGHTS;
    this.batch = options.batch ?? 2000;
    this.inlineChanges = options.inlineChanges ?? 2000;
    this.compactAt = options.compactAt ?? 0.25;
    this.pairs = options.pairs ?? true;
  }

  /** Stops a build in progress (at its next batch) and any later one: for shutting down. */
  stop(): void {
    this.stopped = true;
    this.wanted = false;
  }

  get ready(): boolean {
    return this.index !== null;
  }

  /** Builds the index once; resolves when it is ready. `onProgress(done, total)` after each batch. */
  start(onProgress?: (done: number, total: number) => void): Promise<void> {
    this.wanted = true;
    this.building ??= this.build(onProgress).finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(onProgress?: (done: number, total: number) => void): Promise<void> {
    const db = this.store.db;
    // read the log position first: changes made while building are replayed after
    const { newest } = await changeWindow(db);
    const total = Number((await db.selectFrom('papers').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const index = new InvertedIndex(this.weights, { pairs: this.pairs });
    let after = -1;
    for (;;) {
      if (this.stopped) return;
      const rows = await searchableTextsAfter(db, after, this.batch);
      if (rows.length === 0) break;
      for (const r of rows) index.set(r.rowid, r);
      after = rows[rows.length - 1]!.rowid;
      onProgress?.(index.size, Math.max(total, index.size));
      await yieldToEventLoop();
    }
    index.pack();
    this.index = index;
    this.appliedSeq = newest;
    this.checkedVersion = null;
  }

  /** True when the index reflects every committed write (it may catch up first). */
  private async sync(): Promise<boolean> {
    if (!this.index) {
      if (!this.building && this.wanted) this.start().catch(() => undefined);
      return false;
    }
    if (this.building) return false;
    const version = this.store.dataVersion();
    if (version === this.checkedVersion) return true;
    if (this.catchingUp) return false;
    const window = await changeWindow(this.store.db);
    if (this.appliedSeq < window.oldest - 1) {
      // the log no longer reaches back to what this index has seen
      this.index = null;
      this.start().catch(() => undefined); // a failed build leaves FTS5 answering; the next search tries again
      return false;
    }
    if (window.newest > this.appliedSeq) {
      const work = this.catchUp(window.newest)
        .catch((e: unknown) => {
          this.index = null; // half-applied: build afresh on a later search
          throw e;
        })
        .finally(() => {
          this.catchingUp = null;
        });
      this.catchingUp = work;
      if (window.newest - this.appliedSeq > this.inlineChanges) {
        work.catch(() => undefined);
        return false;
      }
      try {
        await work;
      } catch {
        return false; // FTS5 answers; a later search rebuilds
      }
    }
    this.checkedVersion = version;
    return true;
  }

  private async catchUp(upTo: number): Promise<void> {
    const index = this.index!;
    while (this.appliedSeq < upTo) {
      const { rowids, last } = await changesAfter(this.store.db, this.appliedSeq, this.batch);
      if (last === this.appliedSeq) break;
      const texts = await searchableTextsOf(this.store.db, rowids);
      const present = new Set<number>();
      for (const t of texts) {
        index.set(t.rowid, t);
        present.add(t.rowid);
      }
      for (const rowid of rowids) if (!present.has(rowid)) index.remove(rowid);
      this.appliedSeq = last;
      if (this.appliedSeq < upTo) await yieldToEventLoop();
    }
    if (index.deadShare > this.compactAt) index.compact();
    else if (index.unpackedShare > this.compactAt) index.pack();
  }

  /**
   * BM25 top `limit` for a free-text query, plus the scores of `alsoScore`
   * papers that match; null when this index cannot answer it now (not built
   * yet, catching up, or a query with filters): use FTS5 then.
   */
  async search(q: ParsedQuery, limit: number, alsoScore: readonly number[] = []): Promise<LexicalResult | null> {
    if (q.authors.length > 0 || q.categories.length > 0 || q.from !== null || q.to !== null) return null;
    if (q.words.length + q.phrases.length === 0) return null;
    try {
      if (!(await this.sync())) return null;
    } catch {
      return null; // the log could not be read: FTS5 answers this one
    }
    const index = this.index;
    if (!index) return null;
    const { terms, pairs, excludedTerms, phrases, excludedPhrases } = planQuery(q);
    const extra = new Map<number, number>();
    for (const p of phrases) for (const [rowid, s] of await phraseScores(this.store.db, quote(p), this.weights)) extra.set(rowid, (extra.get(rowid) ?? 0) + s);
    const excludedRowids = new Set<number>();
    for (const p of excludedPhrases) for (const rowid of (await phraseScores(this.store.db, quote(p), this.weights)).keys()) excludedRowids.add(rowid);
    if (this.index !== index) return null; // rebuilt meanwhile
    return index.search({ terms, pairs, pairWeight: PAIR_WEIGHT, excludedTerms, extra, excludedRowids, limit, alsoScore });
  }
}

/** How a parsed query maps onto the index: terms it scores itself, phrases FTS5 must score. */
export interface QueryPlan {
  readonly terms: string[];
  /** the query's adjacent word pairs, as index terms */
  readonly pairs: [string, string][];
  readonly excludedTerms: string[];
  /** quoted phrases, and words that are several tokens (FTS5 makes those phrases) */
  readonly phrases: (readonly string[])[];
  readonly excludedPhrases: (readonly string[])[];
}

export function planQuery(q: ParsedQuery): QueryPlan {
  const terms: string[] = [];
  const phrases: (readonly string[])[] = [...q.phrases];
  for (const w of q.words) {
    const t = indexTerms(w);
    if (t.length === 1) terms.push(t[0]!);
    else if (t.length > 1) phrases.push([w]);
  }
  const excludedTerms: string[] = [];
  const excludedPhrases: string[][] = [];
  for (const w of q.excluded) {
    const t = indexTerms(w);
    if (t.length === 1) excludedTerms.push(t[0]!);
    else if (t.length > 1) excludedPhrases.push([w]);
  }
  const pairs = q.pairs.map(([a, b]): [string, string] => [indexTerms(a)[0]!, indexTerms(b)[0]!]);
  return { terms, pairs, excludedTerms, phrases, excludedPhrases };
}
