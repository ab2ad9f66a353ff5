/**
 * What a digest is made from, read from the database: the papers listed in a
 * window with their upvotes, papers by id, and an account's recent upvotes.
 *
 * The votes table (`votes(user_id, paper_id, created_at)`) comes from the
 * voting work (issue 11), not from a migration of ours: until it exists,
 * `recentUpvotes` answers nothing, so "papers like the ones you upvoted" adds
 * no papers rather than failing.
 */
import { sql } from 'kysely';
import type { PaperRecord } from '../domain/paper.ts';
import type { Db } from './db.ts';
import { rowToPaper } from './paper-rows.ts';

/** Every paper listed on a day of [start, end], with the most upvotes any of its listings there has. */
export async function upvotesListedBetween(db: Db, start: string, end: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('daily_listings')
    .select(['paper_id', (eb) => eb.fn.max('upvotes').as('upvotes')])
    .where('day', '>=', start)
    .where('day', '<=', end)
    .groupBy('paper_id')
    .execute();
  return new Map(rows.map((r) => [r.paper_id, Number(r.upvotes)]));
}

/** The most upvotes any listing of each paper has (papers never listed: absent). */
export async function upvotesOf(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('daily_listings')
    .select(['paper_id', (eb) => eb.fn.max('upvotes').as('upvotes')])
    .where('paper_id', 'in', ids)
    .groupBy('paper_id')
    .execute();
  return new Map(rows.map((r) => [r.paper_id, Number(r.upvotes)]));
}

export async function papersByIds(db: Db, ids: readonly string[]): Promise<Map<string, PaperRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('papers').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, rowToPaper(r)]));
}

/** Papers first published on a day of [start, end] (arXiv papers that were never on a daily page), newest first. */
export async function paperIdsPublishedBetween(db: Db, start: string, end: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('papers')
    .select('id')
    .where('published_at', '>=', `${start}T00:00:00`)
    .where('published_at', '<', `${end}T99`)
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

let votesKnown: WeakMap<object, boolean> = new WeakMap();

async function hasVotesTable(db: Db): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'votes'`.execute(db);
  return Number(r.rows[0]?.n ?? 0) > 0;
}

/** The papers an account upvoted since `since`, newest first, with their titles; [] when there is no votes table yet. */
export async function recentUpvotes(db: Db, userId: number, since: string, limit: number): Promise<{ paperId: string; title: string }[]> {
  // the table appears with a migration of another branch: checked each time until it is there, then remembered
  if (votesKnown.get(db) !== true) {
    if (!(await hasVotesTable(db))) return [];
    votesKnown.set(db, true);
  }
  const r = await sql<{ paper_id: string; title: string }>`
    SELECT v.paper_id, p.title FROM votes v JOIN papers p ON p.id = v.paper_id
    WHERE v.user_id = ${userId} AND v.created_at >= ${since}
    ORDER BY v.created_at DESC LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({ paperId: x.paper_id, title: x.title }));
}

/** for tests that add the votes table to an open database */
export function forgetVotesTable(): void {
  votesKnown = new WeakMap();
}
