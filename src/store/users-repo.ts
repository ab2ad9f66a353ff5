/** Upstream users: the people imported listings name ("submitted by"). Accounts are in accounts-repo.ts. */
import type { UserRecord } from '../domain/paper.ts';
import type { Db } from './db.ts';

/** Inserts or refreshes a user by username and returns its row id. */
export async function upsertUser(db: Db, user: UserRecord, now: string): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({ username: user.username, fullname: user.fullname, avatar_url: user.avatarUrl, is_pro: user.isPro ? 1 : 0, kind: user.kind, created_at: now, email: null, signed_up_at: null })
    // a snapshot that lacks a name or picture never erases a known one
    .onConflict((oc) =>
      oc
        .column('username')
        .doUpdateSet((eb) => ({
          fullname: eb.fn.coalesce(eb.ref('excluded.fullname'), eb.ref('users.fullname')),
          avatar_url: eb.fn.coalesce(eb.ref('excluded.avatar_url'), eb.ref('users.avatar_url')),
          is_pro: user.isPro ? 1 : 0,
          kind: user.kind,
        }))
        // an account's profile is its own: an upstream snapshot of the same name never rewrites it
        // (known limit: the listing is then credited to the account of that name)
        .where('users.email', 'is', null),
    )
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  const existing = await db.selectFrom('users').select('id').where('username', '=', user.username).executeTakeFirstOrThrow();
  return existing.id;
}
