import { type Kysely, sql } from 'kysely';

/**
 * Local votes and the per-paper community counters.
 *
 * `votes`: one row per (user, paper) — a vote is on a paper, not on one day's
 * listing of it (a paper may be listed on several days). `votes_paper` serves
 * "who voted for this paper", the recount that checks a counter, and the
 * cascade when a paper is deleted.
 *
 * `paper_activity`: what this instance's community did with a paper, kept as
 * counters written in the same transaction as the vote (or comment) that moves
 * them, so listing pages and trending read one row per paper instead of
 * counting votes (the Lobsters habit). A paper nobody touched has no row: read
 * it as zeros. `local_comments` is moved by the comments feature the same way.
 * Imported counts (Daily Papers' upvotes and comments) stay on daily_listings;
 * the two are added up for display and ranking (domain/community.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE votes (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, paper_id)
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX votes_paper ON votes (paper_id)`.execute(db);
  await sql`CREATE TABLE paper_activity (
    paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
    local_upvotes INTEGER NOT NULL DEFAULT 0 CHECK (local_upvotes >= 0),
    local_comments INTEGER NOT NULL DEFAULT 0 CHECK (local_comments >= 0),
    last_activity_at TEXT
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE paper_activity`.execute(db);
  await sql`DROP TABLE votes`.execute(db);
}
