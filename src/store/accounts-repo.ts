/**
 * Accounts, sign-in links, sessions and API tokens. Every secret arrives here
 * already hashed (the application core hashes; see domain/account.ts): this
 * module never sees a token a person holds.
 */
import { sql } from 'kysely';
import type { Account, Viewer } from '../domain/account.ts';
import type { Db } from './db.ts';

interface AccountRow {
  id: number;
  username: string;
  email: string | null;
  fullname: string | null;
  is_admin: number;
  signed_up_at: string | null;
  created_at: string;
}

const ACCOUNT_COLUMNS = ['users.id', 'users.username', 'users.email', 'users.fullname', 'users.is_admin', 'users.signed_up_at', 'users.created_at'] as const;

function toAccount(r: AccountRow): Account {
  return { id: r.id, username: r.username, email: r.email ?? '', fullname: r.fullname, isAdmin: r.is_admin === 1, createdAt: r.signed_up_at ?? r.created_at };
}

export async function accountByEmail(db: Db, email: string): Promise<Account | null> {
  const r = await db.selectFrom('users').select(ACCOUNT_COLUMNS).where('email', '=', email).executeTakeFirst();
  return r ? toAccount(r) : null;
}

export async function accountById(db: Db, id: number): Promise<Account | null> {
  const r = await db.selectFrom('users').select(ACCOUNT_COLUMNS).where('id', '=', id).where('email', 'is not', null).executeTakeFirst();
  return r ? toAccount(r) : null;
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  const r = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return r !== undefined;
}

/**
 * Creates an account with the first free name of `candidates`. The first
 * account of an instance is its admin. Call inside a write transaction, so
 * "first" and "free" cannot race.
 */
export async function createAccount(db: Db, email: string, candidates: readonly string[], now: string): Promise<Account> {
  let username: string | null = null;
  for (const c of candidates) {
    if (!(await usernameTaken(db, c))) {
      username = c;
      break;
    }
  }
  if (username === null) throw new Error('no free username among the candidates');
  const anyAccount = await db.selectFrom('users').select('id').where('email', 'is not', null).limit(1).executeTakeFirst();
  const row = await db
    .insertInto('users')
    .values({ username, fullname: null, avatar_url: null, is_pro: 0, kind: 'user', created_at: now, email, is_admin: anyAccount ? 0 : 1, signed_up_at: now })
    .returning(ACCOUNT_COLUMNS)
    .executeTakeFirstOrThrow();
  return toAccount(row);
}

export async function updateProfile(db: Db, userId: number, change: { username?: string; fullname?: string | null }): Promise<void> {
  await db.updateTable('users').set(change).where('id', '=', userId).execute();
}

/** Makes the account with this email an admin; false when there is none. */
export async function promoteAccount(db: Db, email: string): Promise<boolean> {
  const r = await db.updateTable('users').set({ is_admin: 1 }).where('email', '=', email).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listAccounts(db: Db, limit: number): Promise<Account[]> {
  const rows = await db.selectFrom('users').select(ACCOUNT_COLUMNS).where('email', 'is not', null).orderBy('id').limit(limit).execute();
  return rows.map(toAccount);
}

// --- sign-in links ---

export async function insertSignInLink(db: Db, link: { tokenHash: string; email: string; nextPath: string; now: string; expiresAt: string }): Promise<void> {
  await db.insertInto('sign_in_links').values({ token_hash: link.tokenHash, email: link.email, next_path: link.nextPath, created_at: link.now, expires_at: link.expiresAt, used_at: null }).execute();
  // links are single use and short-lived: forget the dead ones as new ones are made
  await db.deleteFrom('sign_in_links').where('expires_at', '<', link.now).execute();
}

export type SignInLinkUse = { readonly ok: true; readonly email: string; readonly nextPath: string } | { readonly ok: false; readonly reason: 'unknown' | 'used' | 'expired' };

/**
 * Uses a sign-in link: marks it used in the same statement that checks it is
 * unused and unexpired, so two clicks (or two processes) cannot both succeed.
 */
export async function useSignInLink(db: Db, tokenHash: string, now: string): Promise<SignInLinkUse> {
  const used = await db
    .updateTable('sign_in_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['email', 'next_path'])
    .executeTakeFirst();
  if (used) return { ok: true, email: used.email, nextPath: used.next_path };
  const row = await db.selectFrom('sign_in_links').select(['used_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  return { ok: false, reason: row.used_at ? 'used' : 'expired' };
}

// --- sessions ---

export async function insertSession(db: Db, s: { tokenHash: string; userId: number; now: string; expiresAt: string }): Promise<void> {
  await db.insertInto('sessions').values({ token_hash: s.tokenHash, user_id: s.userId, created_at: s.now, last_seen_at: s.now, expires_at: s.expiresAt }).execute();
}

export interface SessionRow {
  readonly viewer: Viewer;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
}

export async function sessionViewer(db: Db, tokenHash: string, now: string): Promise<SessionRow | null> {
  const r = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.is_admin', 'sessions.last_seen_at', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  if (!r) return null;
  return { viewer: { id: r.id, username: r.username, isAdmin: r.is_admin === 1 }, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at };
}

export async function touchSession(db: Db, tokenHash: string, now: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Signs an account out on every browser; returns how many sessions ended. */
export async function deleteSessionsOf(db: Db, userId: number): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countSessionsOf(db: Db, userId: number, now: string): Promise<number> {
  const r = await db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('expires_at', '>', now).executeTakeFirstOrThrow();
  return Number(r.n);
}

// --- API tokens ---

export interface ApiTokenInfo {
  readonly id: number;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

export async function insertApiToken(db: Db, t: { userId: number; name: string; tokenHash: string; now: string }): Promise<number> {
  const r = await db.insertInto('api_tokens').values({ user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.now, last_used_at: null }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function apiTokensOf(db: Db, userId: number): Promise<ApiTokenInfo[]> {
  const rows = await db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at']).where('user_id', '=', userId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

/** Deletes a token only when it belongs to `userId`; false otherwise (someone else's, or gone). */
export async function deleteApiToken(db: Db, userId: number, tokenId: number): Promise<boolean> {
  const r = await db.deleteFrom('api_tokens').where('id', '=', tokenId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function apiTokenViewer(db: Db, tokenHash: string, now: string): Promise<Viewer | null> {
  const r = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.username', 'users.is_admin', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!r) return null;
  // last use to the hour: enough to tell a live token from a dead one, without a write per request
  if (!r.last_used_at || r.last_used_at.slice(0, 13) !== now.slice(0, 13)) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return { id: r.id, username: r.username, isAdmin: r.is_admin === 1 };
}

// --- rate-limit refusals, for the moderation page ---

export async function recordRateLimitHit(db: Db, bucket: string, subject: string, now: string): Promise<void> {
  await db.insertInto('rate_limit_hits').values({ bucket, subject, at: now }).execute();
  await db.deleteFrom('rate_limit_hits').where('at', '<', sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', ${now}, '-30 days')`).execute();
}

export interface RateLimitHitSummary {
  readonly bucket: string;
  readonly subject: string;
  readonly hits: number;
  readonly lastAt: string;
}

export async function recentRateLimitHits(db: Db, since: string, limit: number): Promise<RateLimitHitSummary[]> {
  const rows = await db
    .selectFrom('rate_limit_hits')
    .select((eb) => ['bucket', 'subject', eb.fn.countAll<number>().as('hits'), eb.fn.max('at').as('last_at')])
    .where('at', '>=', since)
    .groupBy(['bucket', 'subject'])
    .orderBy('last_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ bucket: r.bucket, subject: r.subject, hits: Number(r.hits), lastAt: String(r.last_at) }));
}
