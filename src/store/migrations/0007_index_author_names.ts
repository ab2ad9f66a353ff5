import { type Kysely, sql } from 'kysely';

/**
 * papers_fts indexes the authors' names, not the authors column as stored.
 *
 * Until now the third column was `authors_json` itself, so every JSON key
 * (`name`, `username`) and every username was a word of the paper: a search for
 * `name` matched every paper, and those tokens counted toward each paper's BM25
 * length. Now the index reads a view, `papers_fts_source`, whose `authors` is
 * the names joined by ", " in the order of the list. The same view is the one
 * definition of "the text a paper is indexed by": the triggers, a full rebuild
 * (search-repo.ts) and the in-memory word index (search-text-repo.ts) all read
 * through it or the same expression, so FTS5 and the in-memory index see the
 * same words.
 *
 * The FTS column is now `authors` (MATCH expressions say `authors : "…"`). The
 * table is dropped and made again, then rebuilt from the papers already there.
 *
 * The names are read with a recursive count over the array, not json_each():
 * FTS5 refuses virtual tables in the statements it runs over its content
 * (a 'rebuild' through a view using json_each fails with "no such table:
 * main.json_each"). A paper with n authors costs O(n²) steps of path lookup
 * (3,000 authors: ~0.2 s), once per write of that paper.
 * The search change log (0004) is left as it is: its triggers watch the papers
 * table, whose columns have not changed, and in-memory indexes are built from
 * the view when a process starts.
 */
const names = (json: string) =>
  `(WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n + 1 < json_array_length(${json}))
     SELECT group_concat(json_extract(${json}, '$[' || n || '].name'), ', ') FROM i
     WHERE json_valid(${json}) AND json_type(${json}) = 'array')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const t of ['papers_fts_update', 'papers_fts_delete', 'papers_fts_insert']) await sql`DROP TRIGGER IF EXISTS ${sql.id(t)}`.execute(trx);
    await sql`DROP TABLE IF EXISTS papers_fts`.execute(trx);
    await sql.raw(`CREATE VIEW papers_fts_source(paper_rowid, title, abstract, authors) AS
      SELECT rowid, title, abstract, ${names('authors_json')} FROM papers`).execute(trx);
    await sql`CREATE VIRTUAL TABLE papers_fts USING fts5(
      title, abstract, authors,
      content='papers_fts_source', content_rowid='paper_rowid',
      tokenize='porter unicode61 remove_diacritics 2'
    )`.execute(trx);
    const insert = (row: 'new' | 'old') =>
      `INSERT INTO papers_fts(rowid, title, abstract, authors) VALUES (${row}.rowid, ${row}.title, ${row}.abstract, ${names(`${row}.authors_json`)});`;
    const remove = `INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors) VALUES ('delete', old.rowid, old.title, old.abstract, ${names('old.authors_json')});`;
    await sql.raw(`CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN ${insert('new')} END`).execute(trx);
    await sql.raw(`CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN ${remove} END`).execute(trx);
    await sql.raw(`CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors_json ON papers BEGIN ${remove} ${insert('new')} END`).execute(trx);
    // papers that existed before this migration
    await sql`INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')`.execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const t of ['papers_fts_update', 'papers_fts_delete', 'papers_fts_insert']) await sql`DROP TRIGGER IF EXISTS ${sql.id(t)}`.execute(trx);
    await sql`DROP TABLE papers_fts`.execute(trx);
    await sql`DROP VIEW papers_fts_source`.execute(trx);
    await sql`CREATE VIRTUAL TABLE papers_fts USING fts5(
      title, abstract, authors_json,
      content='papers', content_rowid='rowid',
      tokenize='porter unicode61 remove_diacritics 2'
    )`.execute(trx);
    await sql`CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
      INSERT INTO papers_fts(rowid, title, abstract, authors_json) VALUES (new.rowid, new.title, new.abstract, new.authors_json);
    END`.execute(trx);
    await sql`CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
      INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors_json) VALUES ('delete', old.rowid, old.title, old.abstract, old.authors_json);
    END`.execute(trx);
    await sql`CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors_json ON papers BEGIN
      INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors_json) VALUES ('delete', old.rowid, old.title, old.abstract, old.authors_json);
      INSERT INTO papers_fts(rowid, title, abstract, authors_json) VALUES (new.rowid, new.title, new.abstract, new.authors_json);
    END`.execute(trx);
    await sql`INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')`.execute(trx);
  });
}
