import type { Kysely } from 'kysely';

/**
 * Harvest progress and version history.
 *  - `ingest_state`: where each source left off (resumption token, last `from`
 *    date, listing dates seen), written in the same transaction as the records
 *    it covers, so a crash never loses or repeats a page.
 *  - `paper_versions`: title and abstract of each arXiv version, so readers can
 *    be told what changed in v2.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ingest_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('state_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('paper_versions')
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('abstract', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('size', 'text')
    .addPrimaryKeyConstraint('paper_versions_pk', ['paper_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('paper_versions').execute();
  await db.schema.dropTable('ingest_state').execute();
}
