/**
 * The product's lexical channel, reproduced in memory: SQLite FTS5 with
 * tokenize='porter unicode61 remove_diacritics 2' over (title, abstract,
 * authors), ranked by bm25() with column weights.
 */
import Database from 'better-sqlite3';
import type { Paper } from './data.ts';

export class FtsIndex {
  private readonly db: Database.Database;
  private readonly ids: string[] = [];
  private readonly stmt: Database.Statement;

  constructor(papers: readonly Paper[], weights: { title: number; abstract: number; authors: number } = { title: 2, abstract: 1, authors: 1 }) {
    this.db = new Database(':memory:');
    this.db.exec(`CREATE VIRTUAL TABLE papers USING fts5(title, abstract, authors, tokenize='porter unicode61 remove_diacritics 2')`);
    const insert = this.db.prepare('INSERT INTO papers(rowid, title, abstract, authors) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      papers.forEach((p, i) => {
        this.ids.push(p.id);
        insert.run(i + 1, p.title, p.abstract, p.authors);
      });
    })();
    this.stmt = this.db.prepare(
      `SELECT rowid, -bm25(papers, ${weights.title}, ${weights.abstract}, ${weights.authors}) AS score FROM papers WHERE papers MATCH ? ORDER BY bm25(papers, ${weights.title}, ${weights.abstract}, ${weights.authors}) LIMIT ?`,
    );
  }

  /** Any-word match of the query's words (each quoted, so FTS syntax is inert). */
  search(query: string, limit: number): Map<string, number> {
    const words = query.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    const out = new Map<string, number>();
    if (words.length === 0) return out;
    const match = [...new Set(words)].map((w) => `"${w}"`).join(' OR ');
    for (const row of this.stmt.all(match, limit) as { rowid: number; score: number }[]) {
      out.set(this.ids[row.rowid - 1]!, row.score);
    }
    return out;
  }

  close(): void {
    this.db.close();
  }
}
