/**
 * Subscribers for the sending engine's tests. The `digest_subscribers` table belongs to the
 * subscriptions side (migration 0014_digest_subscribers, branch digest-content); until that is
 * merged, this creates it with exactly the columns of DIGESTS.md / that migration when the
 * database does not have it. Once 0014 is on the branch, `ensureSubscribersTable` does nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.ts';

export async function ensureSubscribersTable(db: Kysely<Database>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS digest_subscribers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed', 'paused')),
    frequency TEXT NOT NULL DEFAULT 'daily' CHECK (frequency IN ('daily', 'weekly')),
    send_hour INTEGER NOT NULL DEFAULT 8 CHECK (send_hour BETWEEN 0 AND 23),
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    paper_count INTEGER NOT NULL DEFAULT 10 CHECK (paper_count BETWEEN 1 AND 50),
    include_trending INTEGER NOT NULL DEFAULT 1,
    categories_json TEXT NOT NULL DEFAULT '[]',
    keywords_json TEXT NOT NULL DEFAULT '[]',
    include_similar INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    unsubscribed_at TEXT,
    hard_bounces INTEGER NOT NULL DEFAULT 0,
    paused_at TEXT,
    last_bounce TEXT
  )`.execute(db);
}

export interface NewSubscriber {
  readonly email: string;
  readonly status?: 'pending' | 'active' | 'unsubscribed' | 'paused';
  readonly frequency?: 'daily' | 'weekly';
  readonly sendHour?: number;
  readonly timeZone?: string;
  readonly confirmedAt?: string | null;
}

/** Inserts subscribers (active, daily at 08:00 UTC, confirmed long ago unless said otherwise); returns their ids in order. */
export async function addSubscribers(db: Kysely<Database>, subscribers: readonly NewSubscriber[]): Promise<number[]> {
  await ensureSubscribersTable(db);
  const ids: number[] = [];
  for (const s of subscribers) {
    const { rows } = await sql<{ id: number }>`INSERT INTO digest_subscribers (email, status, frequency, send_hour, time_zone, created_at, confirmed_at)
      VALUES (${s.email.toLowerCase()}, ${s.status ?? 'active'}, ${s.frequency ?? 'daily'}, ${s.sendHour ?? 8}, ${s.timeZone ?? 'UTC'}, '2026-01-01T00:00:00.000Z', ${s.confirmedAt === undefined ? '2026-01-01T00:00:00.000Z' : s.confirmedAt})
      RETURNING id`.execute(db);
    ids.push(rows[0]!.id);
  }
  return ids;
}

export async function subscriberState(db: Kysely<Database>, id: number): Promise<{ status: string; hard_bounces: number; paused_at: string | null; last_bounce: string | null }> {
  const { rows } = await sql<{ status: string; hard_bounces: number; paused_at: string | null; last_bounce: string | null }>`SELECT status, hard_bounces, paused_at, last_bounce FROM digest_subscribers WHERE id = ${id}`.execute(db);
  return rows[0]!;
}
