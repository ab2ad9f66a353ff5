import { type Kysely, sql } from 'kysely';

/**
 * Full-text index over papers (SQLite FTS5, BM25). It is an external-content
 * index: the text lives once, in `papers`; triggers keep the index in step
 * with every insert, update and delete, so imports and ingests index as they go.
 * Porter stemming over unicode61 tokens, diacritics folded.
 *
 * `search_models` keeps trained embedder models (the built-in embedder learns
 * from this instance's corpus); `search_vectors_meta` records which model and
 * dimension the vector table was built for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE papers_fts USING fts5(
    title, abstract, authors_json,
    content='papers', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
    INSERT INTO papers_fts(rowid, title, abstract, authors_json) VALUES (new.rowid, new.title, new.abstract, new.authors_json);
  END`.execute(db);
  await sql`CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors_json) VALUES ('delete', old.rowid, old.title, old.abstract, old.authors_json);
  END`.execute(db);
  await sql`CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors_json ON papers BEGIN
    INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors_json) VALUES ('delete', old.rowid, old.title, old.abstract, old.authors_json);
    INSERT INTO papers_fts(rowid, title, abstract, authors_json) VALUES (new.rowid, new.title, new.abstract, new.authors_json);
  END`.execute(db);
  // Papers that existed before this migration.
  await sql`INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')`.execute(db);

  await db.schema
    .createTable('search_models')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('bytes', 'blob', (c) => c.notNull())
    .addColumn('trained_on', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('search_vectors_meta')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('dimensions', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('search_vectors_meta').ifExists().execute();
  await db.schema.dropTable('search_models').execute();
  await sql`DROP TRIGGER papers_fts_update`.execute(db);
  await sql`DROP TRIGGER papers_fts_delete`.execute(db);
  await sql`DROP TRIGGER papers_fts_insert`.execute(db);
  await sql`DROP TABLE papers_fts`.execute(db);
}
