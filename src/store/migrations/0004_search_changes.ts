import { type Kysely, sql } from 'kysely';

/**
 * A log of papers whose searchable text changed (inserted, title/abstract/
 * authors edited, deleted), written by triggers so every writer (imports,
 * ingests, another process) is covered. Processes that keep an in-memory
 * search index (src/search/lexical/) replay it to stay in step without
 * re-reading every paper. It keeps the last KEEP entries; a reader that fell
 * further behind rebuilds from the papers table.
 */
const KEEP = 200_000;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE search_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, paper_rowid INTEGER NOT NULL)`.execute(db);
  const log = (row: 'new' | 'old') => sql.raw(`
    INSERT INTO search_changes(paper_rowid) VALUES (${row}.rowid);
    DELETE FROM search_changes WHERE seq <= (SELECT max(seq) FROM search_changes) - ${KEEP};`);
  await sql`CREATE TRIGGER papers_changes_insert AFTER INSERT ON papers BEGIN ${log('new')} END`.execute(db);
  await sql`CREATE TRIGGER papers_changes_delete AFTER DELETE ON papers BEGIN ${log('old')} END`.execute(db);
  await sql`CREATE TRIGGER papers_changes_update AFTER UPDATE OF title, abstract, authors_json ON papers
    WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract OR old.authors_json IS NOT new.authors_json
    BEGIN ${log('new')} END`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER papers_changes_update`.execute(db);
  await sql`DROP TRIGGER papers_changes_delete`.execute(db);
  await sql`DROP TRIGGER papers_changes_insert`.execute(db);
  await sql`DROP TABLE search_changes`.execute(db);
}
