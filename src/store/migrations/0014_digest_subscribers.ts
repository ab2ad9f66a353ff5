import { sql, type Kysely } from 'kysely';

/**
 * Digest subscriptions (issue 12; the words are in domain/digest.ts).
 *
 * - `digest_subscribers`: one row per email address (normalised lowercase),
 *   optionally linked to an account. `status` moves pending → active (double
 *   opt-in) → unsubscribed, or → paused after repeated hard bounces (the
 *   sending engine's columns: hard_bounces, paused_at, last_bounce). The
 *   settings are columns; categories and keywords are JSON arrays of text.
 * - `instance_secrets`: secrets this instance made for itself when the
 *   configuration gives none (`digest_links`: the HMAC key of signed digest
 *   links when PAPERBOY_SECRET is not set), made once and kept, so links in
 *   mail already sent keep working across restarts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('digest_subscribers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'active', 'unsubscribed', 'paused')`))
    .addColumn('frequency', 'text', (c) => c.notNull().defaultTo('daily').check(sql`frequency IN ('daily', 'weekly')`))
    .addColumn('send_hour', 'integer', (c) => c.notNull().defaultTo(8).check(sql`send_hour BETWEEN 0 AND 23`))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('paper_count', 'integer', (c) => c.notNull().defaultTo(10).check(sql`paper_count BETWEEN 1 AND 50`))
    .addColumn('include_trending', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('categories_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('keywords_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('include_similar', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .addColumn('hard_bounces', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused_at', 'text')
    .addColumn('last_bounce', 'text')
    .execute();
  await db.schema.createIndex('digest_subscribers_status').on('digest_subscribers').column('status').execute();
  await db.schema.createIndex('digest_subscribers_user').on('digest_subscribers').column('user_id').execute();

  await db.schema
    .createTable('instance_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('instance_secrets').execute();
  await db.schema.dropTable('digest_subscribers').execute();
}
