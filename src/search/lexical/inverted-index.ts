/**
 * An in-memory inverted index that ranks exactly as SQLite FTS5's bm25() does
 * over papers_fts (same tokens, same IDF, same length normalisation, same
 * column weights), but without FTS5's per-row cost: FTS5 calls bm25() through
 * its auxiliary-function API for every matching row (~0.5 µs each, ~13 ms for
 * an any-word query at 85k papers), while this adds each posting's share into
 * a flat score array (a few ns a posting), then keeps the best k.
 *
 * Documents live in slots; replacing or removing a paper marks its old slot
 * dead (its postings are skipped) and `compact()` rebuilds when many are.
 * Phrases (adjacent words) need positions this index does not keep: callers
 * pass their per-document contributions in (live-index.ts asks FTS5 for them).
 *
 * Pair terms: a second postings store holds, for every two adjacent tokens of
 * a column (title, abstract, authors), except pairs with a stop word's term
 * (PAIR_STOP_TERMS: no query asks for those), how often the pair occurs in the
 * title and in the rest. A
 * query's `pairs` are scored as FTS5's bm25() scores the two-word phrase
 * "a b" (the phrase's own document frequency for IDF, the paper's token count
 * for its length), times `pairWeight`. Pairs do not count toward lengths.
 */
import { DEAD_SLOT, PostingsStore, type ScoringState } from './postings.ts';
import { forEachWord, stemWord } from './index-tokens.ts';
import { PairTable } from './pair-table.ts';
import { PAIR_STOP_TERMS } from '../query.ts';

/** The text FTS5 indexes for a paper: title, abstract, and the authors' names (store/search-text-repo.ts). */
export interface IndexedText {
  readonly title: string;
  readonly abstract: string;
  readonly authors: string;
}

/** bm25() column weights; abstract and authors must share one (they are counted together). */
export interface ColumnWeights {
  readonly title: number;
  readonly abstract: number;
  readonly authors: number;
}

export interface ScoredRowid {
  readonly rowid: number;
  readonly score: number;
}

export interface LexicalQuery {
  /** index terms, one per any-of item (a word repeated in the query counts twice, as in FTS5) */
  readonly terms: readonly string[];
  /** adjacent index-term pairs, each scored as FTS5 scores the phrase "a b", times `pairWeight` */
  readonly pairs?: readonly (readonly [string, string])[];
  /** weight of a pair's phrase BM25 against a word's (1 when not given) */
  readonly pairWeight?: number;
  /** documents containing any of these terms are left out */
  readonly excludedTerms?: readonly string[];
  /** extra per-document contributions (phrases scored elsewhere); those documents match too */
  readonly extra?: ReadonlyMap<number, number>;
  /** documents the extra contributions say are excluded */
  readonly excludedRowids?: ReadonlySet<number>;
  readonly limit: number;
  /** rowids whose scores are wanted even when they are not in the top `limit` (0 when they do not match) */
  readonly alsoScore?: readonly number[];
}

export interface LexicalResult {
  readonly hits: ScoredRowid[];
  /** scores of `alsoScore` rowids that match */
  readonly scores: Map<number, number>;
}

const K1 = 1.2;
const B = 0.75;
const MAX_LENGTH = DEAD_SLOT - 1;
/** pair ids fit in 30 bits (see docPairs) */
const MAX_PAIRS = 2 ** 30;
/**
 * Tail blocks of the pair postings: most pairs occur in one paper (a posting of
 * 2-5 bytes), and every pair with a tail has a block until the next pack.
 */
const PAIR_TAIL_BLOCK = 16;

function grow<T extends Int32Array | Uint16Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}

export class InvertedIndex {
  private readonly postings = new PostingsStore();
  /** postings of adjacent term pairs, by pair id */
  private readonly pairPostings = new PostingsStore(PAIR_TAIL_BLOCK);
  private readonly pairIds = new PairTable();
  /** this document's pairs while indexing, one entry per occurrence: pair id * 2 + (in the title ? 1 : 0) */
  private docPairs = new Int32Array(1024);
  private docPairCount = 0;
  /** term ids of PAIR_STOP_TERMS */
  private readonly stopTerms = new Set<number>();
  private readonly termIds = new Map<string, number>();
  private terms = 0;
  /** folded word → term id (saves stemming a word twice) */
  private readonly wordTerm = new Map<string, number>();
  private slotRowid = new Int32Array(1024);
  private length = new Uint16Array(1024);
  /** rowid → slot + 1 (0: not indexed) */
  private slotOfRowid = new Int32Array(1024);
  private slots = 0;
  private liveDocs = 0;
  private liveTokens = 0;
  private deadSlots = 0;
  // scratch for searches (the index is used from one thread; a search runs to completion synchronously)
  private acc = new Float64Array(0);
  private touched = new Int32Array(0);
  // per-document term counts while indexing
  private titleCounts = new Int32Array(1024);
  private restCounts = new Int32Array(1024);
  private docTerms: number[] = [];

  /** `pairs: false` keeps single words only (for benches measuring what pairs cost) */
  constructor(private readonly weights: ColumnWeights, private readonly options: { readonly pairs?: boolean } = {}) {
    if (weights.abstract !== weights.authors) throw new Error('the in-memory index counts abstract and authors together: give them one weight');
  }

  get size(): number {
    return this.liveDocs;
  }

  has(rowid: number): boolean {
    return rowid < this.slotOfRowid.length && this.slotOfRowid[rowid]! > 0;
  }

  /** Indexes a paper, replacing what was indexed for it before. */
  set(rowid: number, text: IndexedText): void {
    if (!Number.isInteger(rowid) || rowid < 0) throw new Error(`rowid must be a non-negative integer, not ${rowid}`);
    this.remove(rowid);
    const slot = this.slots++;
    this.slotRowid = grow(this.slotRowid, slot + 1, (n) => new Int32Array(n));
    this.length = grow(this.length, slot + 1, (n) => new Uint16Array(n));
    if (rowid >= this.slotOfRowid.length) this.slotOfRowid = grow(this.slotOfRowid, rowid + 1, (n) => new Int32Array(n));
    this.slotRowid[slot] = rowid;
    this.slotOfRowid[rowid] = slot + 1;

    let tokens = this.column(text.title, true);
    tokens += this.column(text.abstract, false);
    tokens += this.column(text.authors, false);
    // sorted, a pair's occurrences are side by side (title ones last)
    const pairs = this.docPairs.subarray(0, this.docPairCount).sort();
    for (let i = 0; i < pairs.length; ) {
      const pair = pairs[i]! >>> 1;
      let title = 0;
      let rest = 0;
      for (; i < pairs.length && pairs[i]! >>> 1 === pair; i++) {
        if (pairs[i]! & 1) title++;
        else rest++;
      }
      this.pairPostings.add(pair, slot, title, rest);
    }
    this.docPairCount = 0;
    for (const id of this.docTerms) {
      this.postings.add(id, slot, this.titleCounts[id]!, this.restCounts[id]!);
      this.titleCounts[id] = 0;
      this.restCounts[id] = 0;
    }
    this.docTerms.length = 0;
    this.length[slot] = Math.min(tokens, MAX_LENGTH);
    this.liveDocs++;
    this.liveTokens += tokens;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms++;
      this.termIds.set(term, id);
      if (PAIR_STOP_TERMS.has(term)) this.stopTerms.add(id);
      this.postings.ensureTerms(id + 1);
      if (id >= this.titleCounts.length) {
        this.titleCounts = grow(this.titleCounts, id + 1, (n) => new Int32Array(n));
        this.restCounts = grow(this.restCounts, id + 1, (n) => new Int32Array(n));
      }
    }
    return id;
  }

  /** Counts a column's words and adjacent pairs; returns its token count. */
  private column(text: string, inTitle: boolean): number {
    let previous = -1;
    return forEachWord(text, (w) => {
      const id = this.count(w, inTitle);
      if (this.stopTerms.has(id)) {
        previous = -1;
        return;
      }
      if (previous >= 0 && this.options.pairs !== false) {
        // unreachable in practice (2^30 pairs would take tens of GB): an error rather than wrong ids
        if (this.pairIds.size >= MAX_PAIRS) throw new Error(`the in-memory index holds at most ${MAX_PAIRS} distinct word pairs`);
        const pair = this.pairIds.add(previous, id);
        this.pairPostings.ensureTerms(pair + 1);
        if (this.docPairCount === this.docPairs.length) this.docPairs = grow(this.docPairs, this.docPairCount + 1, (n) => new Int32Array(n));
        this.docPairs[this.docPairCount++] = pair * 2 + (inTitle ? 1 : 0);
      }
      previous = id;
    });
  }

  private count(word: string, inTitle: boolean): number {
    let id = this.wordTerm.get(word);
    if (id === undefined) {
      id = this.termId(stemWord(word));
      this.wordTerm.set(word, id);
    }
    if (this.titleCounts[id] === 0 && this.restCounts[id] === 0) this.docTerms.push(id);
    // the arrays may have grown in termId(): read them from `this`
    if (inTitle) this.titleCounts[id]!++;
    else this.restCounts[id]!++;
    return id;
  }

  remove(rowid: number): boolean {
    if (!this.has(rowid)) return false;
    const slot = this.slotOfRowid[rowid]! - 1;
    this.slotOfRowid[rowid] = 0;
    this.deadSlots++;
    this.liveDocs--;
    this.liveTokens -= this.length[slot]!;
    this.length[slot] = DEAD_SLOT;
    return true;
  }

  /** share of slots that belong to replaced or removed papers */
  get deadShare(): number {
    return this.slots === 0 ? 0 : this.deadSlots / this.slots;
  }

  /** Documents containing a term (removed ones included until compaction), as FTS5's IDF counts them. */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.postings.count(id);
  }

  /** The pair's id, or -1 when no paper has it. */
  private pairId(a: string, b: string): number {
    const ta = this.termIds.get(a);
    const tb = this.termIds.get(b);
    return ta === undefined || tb === undefined ? -1 : this.pairIds.get(ta, tb);
  }

  /** Documents containing the two terms next to each other, as FTS5 counts the phrase "a b" (removed ones included until compaction). */
  pairFrequency(a: string, b: string): number {
    const id = this.pairId(a, b);
    return id < 0 ? 0 : this.pairPostings.count(id);
  }

  private idf(term: string): number {
    return this.idfOf(this.documentFrequency(term));
  }

  private idfOf(documentFrequency: number): number {
    const hits = Math.min(documentFrequency, this.liveDocs);
    const idf = Math.log((this.liveDocs - hits + 0.5) / (hits + 0.5));
    return idf <= 0 ? 1e-6 : idf;
  }

  search(query: LexicalQuery): LexicalResult {
    const n = this.slots;
    if (this.acc.length < n) {
      this.acc = new Float64Array(Math.ceil(n * 1.25));
      this.touched = new Int32Array(this.acc.length);
    }
    const { acc, touched } = this;
    const avgdl = this.liveDocs > 0 ? this.liveTokens / this.liveDocs : 1;
    const normBase = K1 * (1 - B);
    const normPerToken = (K1 * B) / avgdl;
    let count = 0;
    // excluded documents start at -Infinity: no contribution lifts them, and they are never "touched"
    const blocked: number[] = [];
    const block = (slot: number) => {
      if (acc[slot] !== -Infinity) {
        acc[slot] = -Infinity;
        blocked.push(slot);
      }
    };
    for (const term of query.excludedTerms ?? []) {
      const id = this.termIds.get(term);
      if (id !== undefined) this.postings.forEach(id, (slot) => block(slot));
    }
    for (const rowid of query.excludedRowids ?? []) if (this.has(rowid)) block(this.slotOfRowid[rowid]! - 1);

    const state: ScoringState = {
      titleWeight: this.weights.title, restWeight: this.weights.abstract, k1: K1, normBase, normPerToken,
      length: this.length, acc, touched,
    };
    for (const term of query.terms) {
      const id = this.termIds.get(term);
      if (id !== undefined) count = this.postings.accumulate(id, this.idf(term), state, count);
    }
    const pairWeight = query.pairWeight ?? 1;
    for (const [a, b] of query.pairs ?? []) {
      const id = this.pairId(a, b);
      // BM25 is linear in the IDF: weighting it weights the pair's score
      if (id >= 0) count = this.pairPostings.accumulate(id, pairWeight * this.idfOf(this.pairPostings.count(id)), state, count);
    }
    for (const [rowid, score] of query.extra ?? []) {
      if (!this.has(rowid) || score <= 0) continue;
      const slot = this.slotOfRowid[rowid]! - 1;
      const before = acc[slot]!;
      if (before === -Infinity) continue;
      if (before === 0) touched[count++] = slot;
      acc[slot] = before + score;
    }

    const hits = topK(acc, touched, count, query.limit, this.slotRowid);
    const scores = new Map<number, number>();
    for (const rowid of query.alsoScore ?? []) {
      if (!this.has(rowid)) continue;
      const s = acc[this.slotOfRowid[rowid]! - 1]!;
      if (s > 0) scores.set(rowid, s);
    }
    for (let i = 0; i < count; i++) acc[touched[i]!] = 0;
    for (const slot of blocked) acc[slot] = 0;
    return { hits, scores };
  }

  /** Rebuilds the index from its live documents' postings, dropping dead slots. */
  compact(): void {
    if (this.deadSlots === 0) return;
    const newSlot = new Int32Array(this.slots).fill(-1);
    let next = 0;
    for (let s = 0; s < this.slots; s++) if (this.length[s] !== DEAD_SLOT) newSlot[s] = next++;
    this.postings.pack(newSlot);
    this.pairPostings.pack(newSlot);
    const rowids = new Int32Array(next);
    const length = new Uint16Array(next);
    for (let s = 0; s < this.slots; s++) {
      const to = newSlot[s]!;
      if (to < 0) continue;
      rowids[to] = this.slotRowid[s]!;
      length[to] = this.length[s]!;
      this.slotOfRowid[this.slotRowid[s]!] = to + 1;
    }
    this.slotRowid = rowids;
    this.length = length;
    this.slots = next;
    this.deadSlots = 0;
  }

  /**
   * Packs every term's postings into one arena (after a bulk load, and now and
   * then as papers are added) and forgets the word→term cache.
   */
  pack(): void {
    this.postings.pack();
    this.pairPostings.pack();
    this.pairIds.trim();
    this.wordTerm.clear();
  }

  /** share of postings bytes added since the last pack */
  get unpackedShare(): number {
    const unpacked = this.postings.unpackedBytes + this.pairPostings.unpackedBytes;
    const all = this.postings.packedBytes + this.pairPostings.packedBytes + unpacked;
    return all === 0 ? 0 : unpacked / all;
  }

  /** How big the index is: terms, pairs and the bytes of their postings (packed and not), for benches. */
  get shape(): { terms: number; pairs: number; wordPostingsBytes: number; pairPostingsBytes: number; pairTableBytes: number } {
    return {
      terms: this.terms,
      pairs: this.pairIds.size,
      wordPostingsBytes: this.postings.packedBytes + this.postings.unpackedBytes,
      pairPostingsBytes: this.pairPostings.packedBytes + this.pairPostings.unpackedBytes,
      pairTableBytes: this.pairIds.bytes,
    };
  }
}

/** The `k` best (score, then lower rowid) of the touched slots, best first. */
function topK(acc: Float64Array, touched: Int32Array, count: number, k: number, slotRowid: Int32Array): ScoredRowid[] {
  if (k <= 0 || count === 0) return [];
  // min-heap of slot indexes on (score, -rowid)
  const heap: number[] = [];
  const worse = (a: number, b: number) => acc[a]! < acc[b]! || (acc[a] === acc[b] && slotRowid[a]! > slotRowid[b]!);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = 0; i < count; i++) {
    const s = touched[i]!;
    if (heap.length < k) {
      heap.push(s);
      for (let j = heap.length - 1; j > 0; ) {
        const parent = (j - 1) >> 1;
        if (!worse(heap[j]!, heap[parent]!)) break;
        [heap[j], heap[parent]] = [heap[parent]!, heap[j]!];
        j = parent;
      }
    } else if (worse(heap[0]!, s)) {
      heap[0] = s;
      down(0);
    }
  }
  return heap
    .map((s) => ({ rowid: slotRowid[s]!, score: acc[s]! }))
    .sort((a, b) => b.score - a.score || a.rowid - b.rowid);
}
