/** What a profile page shows of a person: who they are and the papers they submitted. */
import { NO_LOCAL_ACTIVITY } from '../domain/community.ts';
import type { ListedPaper } from '../domain/paper.ts';
import type { Db } from './db.ts';
import { rowToListing, rowToPaper, rowToUser } from './paper-rows.ts';

export interface ProfileRow {
  readonly id: number;
  readonly username: string;
  readonly fullname: string | null;
  /** an account here (can sign in), not only a name from an imported listing */
  readonly isAccount: boolean;
  readonly isAdmin: boolean;
  readonly since: string;
}

export async function profileByUsername(db: Db, username: string): Promise<ProfileRow | null> {
  const r = await db.selectFrom('users').select(['id', 'username', 'fullname', 'email', 'is_admin', 'created_at', 'signed_up_at']).where('username', '=', username).executeTakeFirst();
  if (!r) return null;
  return { id: r.id, username: r.username, fullname: r.fullname, isAccount: r.email !== null, isAdmin: r.is_admin === 1, since: r.signed_up_at ?? r.created_at };
}

/** The papers a user submitted, newest listing first. */
export async function submissionsBy(db: Db, userId: number, limit: number): Promise<ListedPaper[]> {
  const rows = await db
    .selectFrom('daily_listings as l')
    .innerJoin('papers as p', 'p.id', 'l.paper_id')
    .innerJoin('users as u', 'u.id', 'l.submitted_by')
    .leftJoin('paper_activity as a', 'a.paper_id', 'l.paper_id')
    .selectAll('p')
    .select(['l.day', 'l.paper_id', 'l.submitted_at', 'l.submitted_on_daily_at', 'l.submitted_by', 'l.upvotes', 'l.num_comments', 'l.thumbnail', 'l.author_participating'])
    .select(['u.username', 'u.fullname as u_fullname', 'u.avatar_url as u_avatar_url', 'u.is_pro as u_is_pro', 'u.kind as u_kind'])
    .select(['a.local_upvotes', 'a.local_comments', 'a.last_activity_at'])
    .where('l.submitted_by', '=', userId)
    .orderBy('l.day', 'desc')
    .orderBy('l.submitted_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    paper: rowToPaper(r),
    listing: rowToListing(r, r.username),
    submitter: rowToUser({ username: r.username, fullname: r.u_fullname, avatar_url: r.u_avatar_url, is_pro: r.u_is_pro, kind: r.u_kind }),
    local: r.local_upvotes === null ? NO_LOCAL_ACTIVITY : { upvotes: r.local_upvotes, comments: r.local_comments ?? 0, lastActivityAt: r.last_activity_at },
  }));
}
