/** Authorship claims (migration 0013). The rules are the caller's (app/claims.ts); the unique indexes back them up under races. */
import type { AuthorClaim, ClaimedAuthor, ClaimStatus } from '../domain/author-claim.ts';
import type { Db } from './db.ts';

function base(db: Db) {
  return db
    .selectFrom('author_claims as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .innerJoin('papers as p', 'p.id', 'k.paper_id')
    .leftJoin('users as d', 'd.id', 'k.decided_by')
    .select(['k.id', 'k.paper_id', 'k.user_id', 'k.author_name', 'k.status', 'k.created_at', 'k.decided_at', 'u.username', 'p.title', 'd.username as decided_by_name']);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

const toClaim = (r: Row): AuthorClaim => ({
  id: r.id,
  paperId: r.paper_id,
  paperTitle: r.title,
  userId: r.user_id,
  username: r.username,
  authorName: r.author_name,
  status: r.status,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by_name,
});

export async function claimById(db: Db, id: number): Promise<AuthorClaim | null> {
  const r = await base(db).where('k.id', '=', id).executeTakeFirst();
  return r ? toClaim(r) : null;
}

/** Claims in one state, oldest first (the moderation queue). */
export async function claimsWithStatus(db: Db, status: ClaimStatus, limit: number): Promise<AuthorClaim[]> {
  return (await base(db).where('k.status', '=', status).orderBy('k.created_at').orderBy('k.id').limit(limit).execute()).map(toClaim);
}

/** A person's claims on a paper, newest first. */
export async function claimsOfUserOnPaper(db: Db, userId: number, paperId: string): Promise<AuthorClaim[]> {
  return (await base(db).where('k.user_id', '=', userId).where('k.paper_id', '=', paperId).orderBy('k.id', 'desc').execute()).map(toClaim);
}

/** The approved claim of an author name (by key) on a paper, if any. */
export async function approvedClaimOfName(db: Db, paperId: string, nameKey: string): Promise<{ id: number; userId: number } | null> {
  const r = await db.selectFrom('author_claims').select(['id', 'user_id']).where('paper_id', '=', paperId).where('name_key', '=', nameKey).where('status', '=', 'approved').executeTakeFirst();
  return r ? { id: r.id, userId: r.user_id } : null;
}

export async function openClaimOf(db: Db, userId: number, paperId: string): Promise<AuthorClaim | null> {
  const r = await base(db).where('k.user_id', '=', userId).where('k.paper_id', '=', paperId).where('k.status', 'in', ['pending', 'approved']).executeTakeFirst();
  return r ? toClaim(r) : null;
}

export async function insertClaim(db: Db, row: { paperId: string; userId: number; authorName: string; nameKey: string; now: string }): Promise<number> {
  const r = await db
    .insertInto('author_claims')
    .values({ paper_id: row.paperId, user_id: row.userId, author_name: row.authorName, name_key: row.nameKey, status: 'pending', created_at: row.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function decideClaim(db: Db, id: number, status: 'approved' | 'rejected', deciderId: number, now: string): Promise<void> {
  await db.updateTable('author_claims').set({ status, decided_at: now, decided_by: deciderId }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Approved claims on a paper. */
export async function claimedAuthorsOf(db: Db, paperId: string): Promise<ClaimedAuthor[]> {
  const rows = await db
    .selectFrom('author_claims as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select(['k.author_name', 'k.name_key', 'k.user_id', 'u.username'])
    .where('k.paper_id', '=', paperId)
    .where('k.status', '=', 'approved')
    .orderBy('k.id')
    .execute();
  return rows.map((r) => ({ authorName: r.author_name, nameKey: r.name_key, userId: r.user_id, username: r.username }));
}

/** The papers a person's approved claims are on, newest claim first, with the name claimed. */
export async function approvedClaimsOf(db: Db, userId: number, limit: number): Promise<{ paperId: string; authorName: string }[]> {
  const rows = await db
    .selectFrom('author_claims')
    .select(['paper_id', 'author_name'])
    .where('user_id', '=', userId)
    .where('status', '=', 'approved')
    .orderBy('decided_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ paperId: r.paper_id, authorName: r.author_name }));
}

/** Accounts with an approved claim on a name key (any paper): the author page's "claimed by". */
export async function claimersOfName(db: Db, nameKey: string): Promise<{ userId: number; username: string }[]> {
  const rows = await db
    .selectFrom('author_claims as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select(['k.user_id', 'u.username'])
    .distinct()
    .where('k.name_key', '=', nameKey)
    .where('k.status', '=', 'approved')
    .orderBy('u.username')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, username: r.username }));
}
