import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('papers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull())
    .addColumn('authors_json', 'text', (c) => c.notNull())
    .addColumn('categories_json', 'text', (c) => c.notNull())
    .addColumn('primary_category', 'text')
    .addColumn('published_at', 'text')
    .addColumn('updated_at', 'text')
    .addColumn('comment', 'text')
    .addColumn('doi', 'text')
    .addColumn('journal_ref', 'text')
    .addColumn('github_repo', 'text')
    .addColumn('github_stars', 'integer')
    .addColumn('project_page', 'text')
    .addColumn('ai_summary', 'text')
    .addColumn('ai_keywords_json', 'text', (c) => c.notNull())
    .addColumn('organization_json', 'text')
    .addColumn('observed_at', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('fullname', 'text')
    .addColumn('avatar_url', 'text')
    .addColumn('is_pro', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('user'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('daily_listings')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('num_comments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_on_daily_at', 'text')
    .addColumn('thumbnail', 'text')
    .addColumn('author_participating', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('daily_listings_pk', ['day', 'paper_id'])
    .execute();

  await db.schema.createIndex('daily_listings_paper').on('daily_listings').column('paper_id').execute();
  await db.schema.createIndex('papers_published').on('papers').column('published_at').execute();
  // Day pages sort by upvotes within a day; this index serves both the range scan and the order.
  await sql`CREATE INDEX daily_listings_day_upvotes ON daily_listings (day, upvotes DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('daily_listings').execute();
  await db.schema.dropTable('users').execute();
  await db.schema.dropTable('papers').execute();
}
