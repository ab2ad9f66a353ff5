import { sql, type Kysely } from 'kysely';
import { authorNamesOf } from '../paper-authors-repo.ts';

/**
 * Collections, author pages and authorship claims (issue 11).
 *
 * - `collections`: an account's named list of papers, public or private.
 *   `slug` is the title in address form (`/collections/12-reading-group`),
 *   unique per owner; the id is what addresses a collection.
 * - `collection_papers`: which papers a collection holds, when added, an optional note.
 * - `paper_authors`: one row per author of a paper, with the *name key*
 *   (domain/author-name.ts) that author pages look up by index. Written with
 *   the paper (papers-repo / papers-bulk-repo), filled here for the papers
 *   already stored.
 * - `author_claims`: "I am this author of this paper", pending until an
 *   administrator approves or rejects it. At most one approved claim per
 *   paper and author name (partial unique index), and one open (pending or
 *   approved) claim per person and paper.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('collections')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collections_owner_slug').on('collections').columns(['owner_id', 'slug']).unique().execute();

  await db.schema
    .createTable('collection_papers')
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('collection_papers_pk', ['collection_id', 'paper_id'])
    .execute();
  await db.schema.createIndex('collection_papers_paper').on('collection_papers').column('paper_id').execute();

  await db.schema
    .createTable('paper_authors')
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_authors_pk', ['paper_id', 'position'])
    .execute();
  await db.schema.createIndex('paper_authors_key').on('paper_authors').columns(['name_key', 'paper_id']).execute();

  await db.schema
    .createTable('author_claims')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'approved', 'rejected')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await sql`CREATE UNIQUE INDEX author_claims_one_open ON author_claims (user_id, paper_id) WHERE status IN ('pending', 'approved')`.execute(db);
  await sql`CREATE UNIQUE INDEX author_claims_one_approved ON author_claims (paper_id, name_key) WHERE status = 'approved'`.execute(db);
  await db.schema.createIndex('author_claims_status').on('author_claims').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('author_claims_user').on('author_claims').columns(['user_id', 'status']).execute();

  // the papers already here: a page of ids at a time
  let after = '';
  for (;;) {
    const page = await db.selectFrom('papers').select(['id', 'authors_json']).where('id', '>', after).orderBy('id').limit(2000).execute();
    if (page.length === 0) break;
    const rows = page.flatMap((p: { id: string; authors_json: string }) => authorNamesOf(p.id, p.authors_json));
    for (let i = 0; i < rows.length; i += 2000) await db.insertInto('paper_authors').values(rows.slice(i, i + 2000)).execute();
    after = page[page.length - 1]!.id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('author_claims').execute();
  await db.schema.dropTable('paper_authors').execute();
  await db.schema.dropTable('collection_papers').execute();
  await db.schema.dropTable('collections').execute();
}
