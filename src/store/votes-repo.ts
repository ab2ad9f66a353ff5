/**
 * Local votes and the per-paper counters they move (`votes`, `paper_activity`,
 * migration 0009_votes).
 *
 * Every change of a vote and of its paper's counter happens in one write
 * transaction (`BEGIN IMMEDIATE`, db.ts): the vote row and `local_upvotes` move
 * together or not at all, and writers from every process on the database take
 * turns, so the counter always equals the number of vote rows (the Lobsters
 * habit: the number pages read is updated in the same write as the vote, and no
 * page ever counts rows). `countVotes` is the recount that checks it.
 *
 * Two ways to change a vote:
 * - `setVote(on)`: idempotent, what forms and retries want — posting "upvote"
 *   twice leaves one vote, posting "unvote" twice leaves none.
 * - `toggleVote`: flips; a retried request flips back, so it is for callers
 *   that know each request happens once (a benchmark, a script).
 */
import { sql, type Kysely } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { NO_LOCAL_ACTIVITY, type LocalActivity } from '../domain/community.ts';
import { writeTransaction, type Db } from './db.ts';
import type { Database } from './schema.ts';

export interface VoteResult {
  /** whether the user's vote is now there */
  readonly voted: boolean;
  /** whether this call changed anything (false: setVote asked for what already was) */
  readonly changed: boolean;
  /** the paper's local upvotes after the change */
  readonly localUpvotes: number;
  /** the paper's imported upvotes (the most any of its listings has), to show the total */
  readonly importedUpvotes: number;
}

/** Adds the vote if absent, removes it if present. */
export function toggleVote(db: Kysely<Database>, userId: number, paperId: string, now: string): Promise<VoteResult> {
  return writeTransaction(db, async (trx) => {
    const imported = await importedUpvotesOf(trx, paperId);
    if (await removeVote(trx, userId, paperId)) return { voted: false, changed: true, localUpvotes: await moveCounter(trx, paperId, -1, now), importedUpvotes: imported };
    await addVote(trx, userId, paperId, now);
    return { voted: true, changed: true, localUpvotes: await moveCounter(trx, paperId, 1, now), importedUpvotes: imported };
  });
}

/** Makes the user's vote be there (`on`) or not; asking for what already is changes nothing. */
export function setVote(db: Kysely<Database>, userId: number, paperId: string, on: boolean, now: string): Promise<VoteResult> {
  return writeTransaction(db, async (trx) => {
    const imported = await importedUpvotesOf(trx, paperId);
    const changed = on ? await addVote(trx, userId, paperId, now) : await removeVote(trx, userId, paperId);
    const localUpvotes = changed ? await moveCounter(trx, paperId, on ? 1 : -1, now) : await localUpvotesOf(trx, paperId);
    return { voted: on, changed, localUpvotes, importedUpvotes: imported };
  });
}

/** Every paper the user has voted for (pages of a signed-in reader mark them). */
export async function votedPaperIds(db: Db, userId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('votes').select('paper_id').where('user_id', '=', userId).execute();
  return new Set(rows.map((r) => r.paper_id));
}

/** Which of these papers the user has voted for. */
export async function votesOf(db: Db, userId: number, paperIds: readonly string[]): Promise<Set<string>> {
  if (paperIds.length === 0) return new Set();
  const rows = await db.selectFrom('votes').select('paper_id').where('user_id', '=', userId).where('paper_id', 'in', [...new Set(paperIds)]).execute();
  return new Set(rows.map((r) => r.paper_id));
}

/** The community counters of these papers; a paper nobody touched reads as zeros. */
export async function localActivityOf(db: Db, paperIds: readonly string[]): Promise<Map<string, LocalActivity>> {
  const out = new Map<string, LocalActivity>();
  if (paperIds.length === 0) return out;
  const rows = await db.selectFrom('paper_activity').selectAll().where('paper_id', 'in', [...new Set(paperIds)]).execute();
  const byId = new Map(rows.map((r) => [r.paper_id, r]));
  for (const id of paperIds) {
    const r = byId.get(id);
    out.set(id, r ? { upvotes: r.local_upvotes, comments: r.local_comments, lastActivityAt: r.last_activity_at } : NO_LOCAL_ACTIVITY);
  }
  return out;
}

/**
 * Moves a paper's local comment counter; for the comments feature, to be
 * called in the same transaction as the comment it counts (`delta` -1 when one
 * is deleted or hidden).
 */
export async function moveLocalComments(db: Db, paperId: string, delta: number, now: string): Promise<number> {
  const row = await db
    .insertInto('paper_activity')
    .values({ paper_id: paperId, local_upvotes: 0, local_comments: Math.max(0, delta), last_activity_at: delta > 0 ? now : null })
    .onConflict((oc) =>
      oc.column('paper_id').doUpdateSet({
        local_comments: sql<number>`max(0, paper_activity.local_comments + ${delta})`,
        last_activity_at: delta > 0 ? now : sql<string | null>`paper_activity.last_activity_at`,
      }),
    )
    .returning('local_comments')
    .executeTakeFirstOrThrow();
  return row.local_comments;
}

/** The recount: vote rows and counters of one paper (they are equal unless something bypassed this file). */
export async function countVotes(db: Db, paperId: string): Promise<{ rows: number; counter: number }> {
  const r = await db.selectFrom('votes').select((eb) => eb.fn.countAll<number>().as('n')).where('paper_id', '=', paperId).executeTakeFirstOrThrow();
  return { rows: Number(r.n), counter: await localUpvotesOf(db, paperId) };
}

// --- inside a write transaction ---

/** Checks the paper first: a vote on a paper that is not here is a clear 404, not a foreign-key failure. */
async function importedUpvotesOf(trx: Db, paperId: string): Promise<number> {
  const r = await trx
    .selectFrom('papers as p')
    // a correlated subquery on daily_listings_paper: about 3× cheaper per vote than a join and a group
    .select(sql<number>`(SELECT coalesce(max(upvotes), 0) FROM daily_listings WHERE paper_id = p.id)`.as('imported'))
    .where('p.id', '=', paperId)
    .executeTakeFirst();
  if (!r) throw new AppError('not_found', `there is no paper ${paperId} here to vote on`);
  return Number(r.imported);
}

async function addVote(trx: Db, userId: number, paperId: string, now: string): Promise<boolean> {
  try {
    const r = await trx.insertInto('votes').values({ user_id: userId, paper_id: paperId, created_at: now }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  } catch (e) {
    // the paper was checked in this transaction, so a foreign key can only miss the user
    if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new AppError('not_found', `there is no user #${userId}: sign in again`);
    throw e;
  }
}

async function removeVote(trx: Db, userId: number, paperId: string): Promise<boolean> {
  const r = await trx.deleteFrom('votes').where('user_id', '=', userId).where('paper_id', '=', paperId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

async function moveCounter(trx: Db, paperId: string, delta: 1 | -1, now: string): Promise<number> {
  const row = await trx
    .insertInto('paper_activity')
    .values({ paper_id: paperId, local_upvotes: Math.max(0, delta), local_comments: 0, last_activity_at: delta > 0 ? now : null })
    .onConflict((oc) =>
      oc.column('paper_id').doUpdateSet({
        local_upvotes: sql<number>`paper_activity.local_upvotes + ${delta}`,
        // activity is something added: taking a vote back does not make a paper lively
        last_activity_at: delta > 0 ? now : sql<string | null>`paper_activity.last_activity_at`,
      }),
    )
    .returning('local_upvotes')
    .executeTakeFirstOrThrow();
  return row.local_upvotes;
}

async function localUpvotesOf(db: Db, paperId: string): Promise<number> {
  const r = await db.selectFrom('paper_activity').select('local_upvotes').where('paper_id', '=', paperId).executeTakeFirst();
  return r?.local_upvotes ?? 0;
}

/** A reader's upvotes, newest first, with when each was cast (what "for you" learns from). */
export async function upvotesOfUser(db: Db, userId: number, limit: number): Promise<{ paperId: string; votedAt: string }[]> {
  const rows = await db.selectFrom('votes').select(['paper_id', 'created_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('paper_id').limit(limit).execute();
  return rows.map((r) => ({ paperId: r.paper_id, votedAt: r.created_at }));
}
