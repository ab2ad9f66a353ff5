import type { Kysely } from 'kysely';

/**
 * `host_turns`: when each outside host (e.g. export.arxiv.org) may next be
 * asked, shared by every process using this database, so two ingests (or the
 * server's schedules and a CLI ingest) keep arXiv's one-request-every-3-s rule
 * together rather than each on its own. Times are milliseconds since the epoch;
 * `interval_ms` is the gap the last claimer asked for (a wait longer than it
 * means the clock went back, and the turn is taken rather than waited for).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('host_turns')
    .addColumn('host', 'text', (c) => c.primaryKey())
    .addColumn('next_allowed_at', 'integer', (c) => c.notNull())
    .addColumn('interval_ms', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('host_turns').execute();
}
