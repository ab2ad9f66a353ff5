import { sql, type Kysely } from 'kysely';

/**
 * Submissions and link edits (issue 11).
 *
 * - `daily_listings (submitted_by, day)`: counting one account's submissions
 *   of a day (the daily limit) without a scan.
 * - `papers.github_repo_local` / `project_page_local`: 1 once a person edited
 *   that link here; imports then leave it alone (domain/merge-paper.ts
 *   `keepLocalLinks`).
 * - `paper_link_edits`: who changed which link of which paper, from what to
 *   what, and when (the paper page shows the last one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX daily_listings_submitter_day ON daily_listings (submitted_by, day)`.execute(db);
  await db.schema.alterTable('papers').addColumn('github_repo_local', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('papers').addColumn('project_page_local', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('paper_link_edits')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('paper_link_edits_paper').on('paper_link_edits').columns(['paper_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('paper_link_edits').execute();
  await db.schema.alterTable('papers').dropColumn('project_page_local').execute();
  await db.schema.alterTable('papers').dropColumn('github_repo_local').execute();
  await sql`DROP INDEX daily_listings_submitter_day`.execute(db);
}
