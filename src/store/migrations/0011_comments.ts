import type { Kysely } from 'kysely';

/**
 * Discussion (issue 11): comments on papers, with replies (`parent_id`).
 *
 * - Deleting is soft (`deleted_at`, the body is wiped): a deleted comment with
 *   replies stays as a "[deleted]" placeholder so the replies still read.
 * - Hiding is moderation (`hidden_at`, `hidden_by`: the admin who hid it):
 *   admins still see the comment, everyone else sees "hidden by a moderator".
 * - A *visible* comment is neither deleted nor hidden; only those count.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id'))
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('hidden_at', 'text')
    .addColumn('hidden_by', 'integer', (c) => c.references('users.id'))
    .execute();
  // a paper's thread, in order
  await db.schema.createIndex('comments_paper').on('comments').columns(['paper_id', 'created_at']).execute();
  // a profile's recent comments
  await db.schema.createIndex('comments_user').on('comments').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute();
  // the moderation page's list of hidden comments
  await db.schema.createIndex('comments_hidden').on('comments').column('hidden_at').where('hidden_at', 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('comments').execute();
}
