/**
 * What a digest is made from, read from the database: the papers listed in a
 * window with their upvotes (imported plus local, as pages show them), papers
 * by id, and an account's recent upvotes (`votes`, migration 0009).
 */
import { sql } from 'kysely';
import type { PaperRecord } from '../domain/paper.ts';
import type { Db } from './db.ts';
import { rowToPaper } from './paper-rows.ts';

/** Every paper listed on a day of [start, end], with its upvotes as shown: the most any of its listings there has, plus the votes cast here (domain/community.ts). */
export async function upvotesListedBetween(db: Db, start: string, end: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('daily_listings as l')
    .leftJoin('paper_activity as a', 'a.paper_id', 'l.paper_id')
    .select(['l.paper_id', sql<number>`max(l.upvotes) + coalesce(max(a.local_upvotes), 0)`.as('upvotes')])
    .where('l.day', '>=', start)
    .where('l.day', '<=', end)
    .groupBy('l.paper_id')
    .execute();
  return new Map(rows.map((r) => [r.paper_id, Number(r.upvotes)]));
}

/** Upvotes as shown (imported, from the best listing, plus local) of each paper; a paper never listed nor voted for is absent. */
export async function upvotesOf(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const out = new Map<string, number>();
  const imported = await db.selectFrom('daily_listings').select(['paper_id', (eb) => eb.fn.max('upvotes').as('upvotes')]).where('paper_id', 'in', ids).groupBy('paper_id').execute();
  for (const r of imported) out.set(r.paper_id, Number(r.upvotes));
  const local = await db.selectFrom('paper_activity').select(['paper_id', 'local_upvotes']).where('paper_id', 'in', ids).execute();
  for (const r of local) out.set(r.paper_id, (out.get(r.paper_id) ?? 0) + r.local_upvotes);
  return out;
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

/** The papers an account upvoted since `since` (migration 0009's `votes`), newest first, with their titles. */
export async function recentUpvotes(db: Db, userId: number, since: string, limit: number): Promise<{ paperId: string; title: string }[]> {
  const rows = await db
    .selectFrom('votes as v')
    .innerJoin('papers as p', 'p.id', 'v.paper_id')
    .select(['v.paper_id', 'p.title'])
    .where('v.user_id', '=', userId)
    .where('v.created_at', '>=', since)
    .orderBy('v.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((x) => ({ paperId: x.paper_id, title: x.title }));
}
