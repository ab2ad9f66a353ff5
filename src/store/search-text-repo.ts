/**
 * What an in-memory search index needs from the store: the searchable text of
 * papers (as papers_fts indexes it), the log of papers whose text changed
 * (migration 0004), and FTS5's own BM25 for phrases, which need word positions.
 */
import { sql } from 'kysely';
import type { Db } from './db.ts';
import type { FieldWeights } from './search-repo.ts';

export interface SearchableText {
  readonly rowid: number;
  readonly title: string;
  readonly abstract: string;
  /** the authors' names joined by ", " (the view papers_fts_source, which is what papers_fts indexes: migration 0007) */
  readonly authors: string;
}

/** Papers after `afterRowid`, in rowid order: batches for a full build. */
export async function searchableTextsAfter(db: Db, afterRowid: number, limit: number): Promise<SearchableText[]> {
  const r = await sql<SearchableText>`
    SELECT paper_rowid AS rowid, title, coalesce(abstract, '') AS abstract, coalesce(authors, '') AS authors
    FROM papers_fts_source WHERE paper_rowid > ${afterRowid} ORDER BY paper_rowid LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** The current text of these papers (absent: deleted). */
export async function searchableTextsOf(db: Db, rowids: readonly number[]): Promise<SearchableText[]> {
  if (rowids.length === 0) return [];
  const r = await sql<SearchableText>`
    SELECT paper_rowid AS rowid, title, coalesce(abstract, '') AS abstract, coalesce(authors, '') AS authors
    FROM papers_fts_source WHERE paper_rowid IN (SELECT value FROM json_each(${JSON.stringify(rowids)}))`.execute(db);
  return r.rows;
}

export interface ChangeWindow {
  /** the oldest change still logged (0: none) */
  readonly oldest: number;
  /** the newest change (0: none) */
  readonly newest: number;
}

export async function changeWindow(db: Db): Promise<ChangeWindow> {
  const r = await sql<{ oldest: number | null; newest: number | null }>`SELECT min(seq) AS oldest, max(seq) AS newest FROM search_changes`.execute(db);
  // the log may be empty after pruning: AUTOINCREMENT still remembers the last number
  const seqRow = await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'search_changes'`.execute(db);
  const last = seqRow.rows[0]?.seq ?? 0;
  return { oldest: r.rows[0]?.oldest ?? last + 1, newest: Math.max(r.rows[0]?.newest ?? 0, last) };
}

/** Rowids of papers changed after `afterSeq` (up to `limit` log entries), and the last entry read. */
export async function changesAfter(db: Db, afterSeq: number, limit: number): Promise<{ rowids: number[]; last: number }> {
  const r = await sql<{ seq: number; paper_rowid: number }>`
    SELECT seq, paper_rowid FROM search_changes WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`.execute(db);
  return { rowids: [...new Set(r.rows.map((x) => x.paper_rowid))], last: r.rows.at(-1)?.seq ?? afterSeq };
}

/** FTS5 BM25 of one phrase expression for every paper that matches it: that phrase's share of a paper's score. */
export async function phraseScores(db: Db, phrase: string, weights: FieldWeights): Promise<Map<number, number>> {
  const r = await sql<{ rowid: number; score: number }>`
    SELECT rowid, -bm25(papers_fts, ${weights.title}, ${weights.abstract}, ${weights.authors}) AS score
    FROM papers_fts WHERE papers_fts MATCH ${phrase}`.execute(db);
  return new Map(r.rows.map((x) => [x.rowid, x.score]));
}
