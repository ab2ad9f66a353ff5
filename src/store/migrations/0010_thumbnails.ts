import { sql, type Kysely } from 'kysely';

/**
 * `thumbnails`: the picture of a paper's first page that cards and paper pages
 * show, stored by this instance (never hot-linked), and the bookkeeping of
 * getting it: a paper whose image or PDF could not be had is tried again only
 * after `next_attempt_at` (ISO instant), later after every failure.
 *
 * A row with `bytes` NULL is a paper tried and not (yet) done; `source` says
 * where stored bytes came from: `upstream` (an image a source named, e.g. the
 * Daily Papers listing's thumbnail) or `pdf` (page 1 rendered by pdftoppm).
 * `hash` (of the bytes) is the HTTP ETag and the cache-busting `?v=`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('thumbnails')
    .addColumn('paper_id', 'text', (c) => c.primaryKey())
    .addColumn('bytes', 'blob')
    .addColumn('content_type', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('source', 'text')
    .addColumn('hash', 'text')
    .addColumn('created_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('thumbnails_source', sql`source IS NULL OR source IN ('upstream', 'pdf')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('thumbnails').execute();
}
