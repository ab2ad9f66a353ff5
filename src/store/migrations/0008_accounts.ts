import { sql, type Kysely } from 'kysely';

/**
 * Accounts (issue 11). `users` already holds the people imported listings name
 * ("submitted by"); an *account* is a user with an email, who can sign in.
 * Secrets are never stored: sign-in links, sessions and API tokens are kept
 * as SHA-256 hashes of random tokens, so a copy of the database signs no one in.
 *
 * - `sign_in_links`: single use (`used_at`), expire after 15 minutes.
 * - `sessions`: one per signed-in browser; "sign out everywhere" deletes them all.
 * - `api_tokens`: personal Bearer tokens for the JSON API.
 * - `rate_limit_hits`: refused attempts, for the moderation page (the limits
 *   themselves are counted in memory: domain/rate-limit.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email', 'text').execute();
  await db.schema.alterTable('users').addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('signed_up_at', 'text').execute();
  await sql`CREATE UNIQUE INDEX users_email ON users (email) WHERE email IS NOT NULL`.execute(db);

  await db.schema
    .createTable('sign_in_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('next_path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('sign_in_links_expiry').on('sign_in_links').column('expires_at').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_hits_at').on('rate_limit_hits').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').execute();
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('sign_in_links').execute();
  await sql`DROP INDEX users_email`.execute(db);
  await db.schema.alterTable('users').dropColumn('signed_up_at').execute();
  await db.schema.alterTable('users').dropColumn('is_admin').execute();
  await db.schema.alterTable('users').dropColumn('email').execute();
}
