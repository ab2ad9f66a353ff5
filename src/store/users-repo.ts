/** Users: enough for "submitted by" until accounts arrive. */
import type { UserRecord } from '../domain/paper.ts';
import type { Db } from './db.ts';

/** Inserts or refreshes a user by username and returns its row id. */
export async function upsertUser(db: Db, user: UserRecord, now: string): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({ username: user.username, fullname: user.fullname, avatar_url: user.avatarUrl, is_pro: user.isPro ? 1 : 0, kind: user.kind, created_at: now })
    // a snapshot that lacks a name or picture never erases a known one
    .onConflict((oc) =>
      oc.column('username').doUpdateSet((eb) => ({
        fullname: eb.fn.coalesce(eb.ref('excluded.fullname'), eb.ref('users.fullname')),
        avatar_url: eb.fn.coalesce(eb.ref('excluded.avatar_url'), eb.ref('users.avatar_url')),
        is_pro: user.isPro ? 1 : 0,
        kind: user.kind,
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
