/**
 * Accounts: signing in by email link, sessions, sign-out (here or
 * everywhere), profiles and personal API tokens. The words are in
 * domain/account.ts. Tokens people hold (links, session cookies, API tokens)
 * are 32 random bytes; only their SHA-256 reaches the database.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  API_TOKEN_PREFIX,
  checkFullname,
  checkTokenName,
  checkUsername,
  normaliseEmail,
  SESSION_DAYS,
  SIGN_IN_LINK_MINUTES,
  usernameCandidates,
  type Account,
  type Viewer,
} from '../domain/account.ts';
import { AppError, invalidInput, notFound } from '../domain/errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import {
  accountByEmail,
  accountById,
  apiTokensOf,
  apiTokenViewer,
  countSessionsOf,
  createAccount,
  deleteApiToken,
  deleteSession,
  deleteSessionsOf,
  insertApiToken,
  insertSession,
  insertSignInLink,
  listAccounts,
  promoteAccount,
  sessionViewer,
  touchSession,
  updateProfile,
  usernameTaken,
  useSignInLink,
  type ApiTokenInfo,
} from '../store/accounts-repo.ts';
import { writeTransaction } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { RateLimits } from './rate-limits.ts';
import { signInMail } from './sign-in-mail.ts';

export interface SignInRequested {
  /** the address the link went to, as stored */
  readonly email: string;
  /** where mail goes on this instance (an SMTP server, or the outbox folder) */
  readonly delivery: string;
}

export interface SignedIn {
  /** the session token for the cookie (never stored as such) */
  readonly sessionToken: string;
  readonly sessionExpiresAt: Date;
  readonly account: Account;
  readonly isNew: boolean;
  /** the local path the person was on when they asked to sign in */
  readonly nextPath: string;
}

const DAY_MS = 86_400_000;
/** a session is extended at most this often (one write per hour per browser, not per request) */
const TOUCH_EVERY_MS = 3_600_000;
const MAX_NEXT_PATH = 500;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export class Accounts {
  constructor(
    private readonly store: Store,
    private readonly mailer: () => Mailer,
    private readonly baseUrl: string,
    private readonly clock: Clock,
    private readonly limits: RateLimits,
  ) {}

  /**
   * Mails a single-use sign-in link to `emailInput` (for a new address, the
   * link also creates the account). `nextPath` is where the link leads back to;
   * `from` is the asker's network address, for the rate limit.
   */
  async requestSignIn(emailInput: string, nextPath: string, from: string): Promise<SignInRequested> {
    const email = normaliseEmail(emailInput);
    const next = nextPath.startsWith('/') && !nextPath.startsWith('//') && nextPath.length <= MAX_NEXT_PATH ? nextPath : '/';
    await this.limits.take('signInPerAddress', from);
    await this.limits.take('signInPerEmail', email);
    const token = newToken();
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000);
    await insertSignInLink(this.store.db, { tokenHash: hashToken(token), email, nextPath: next, now: now.toISOString(), expiresAt: expiresAt.toISOString() });
    const existing = await accountByEmail(this.store.db, email);
    const link = `${this.baseUrl}/signin/verify?token=${encodeURIComponent(token)}`;
    const mailer = this.mailer();
    try {
      await mailer.send(signInMail({ to: email, link, isNew: existing === null, minutes: SIGN_IN_LINK_MINUTES, baseUrl: this.baseUrl }));
    } catch (e) {
      throw new AppError('unavailable', `The sign-in email could not be sent (${(e as Error).message}). Try again in a moment.`);
    }
    return { email, delivery: mailer.description };
  }

  /** Uses a sign-in link: creates the account on first use, starts a session. */
  async completeSignIn(token: string): Promise<SignedIn> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw invalidInput('That sign-in link is incomplete: open the whole link from the email, or ask for a new one.');
    const now = this.clock();
    const sessionToken = newToken();
    const sessionExpiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
    return writeTransaction(this.store.db, async (trx) => {
      const use = await useSignInLink(trx, hashToken(token), now.toISOString());
      if (!use.ok) {
        const why = { unknown: 'That sign-in link is not valid', used: 'That sign-in link has already been used', expired: `That sign-in link has expired (links last ${SIGN_IN_LINK_MINUTES} minutes)` }[use.reason];
        throw new AppError('invalid_input', `${why}. Ask for a new one below.`);
      }
      let account = await accountByEmail(trx, use.email);
      const isNew = account === null;
      account ??= await createAccount(trx, use.email, usernameCandidates(use.email), now.toISOString());
      await insertSession(trx, { tokenHash: hashToken(sessionToken), userId: account.id, now: now.toISOString(), expiresAt: sessionExpiresAt.toISOString() });
      return { sessionToken, sessionExpiresAt, account, isNew, nextPath: use.nextPath };
    });
  }

  /** Who a session cookie belongs to, or null (unknown, expired or signed out). Extends the session while it is used. */
  async viewerForSession(token: string): Promise<Viewer | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const now = this.clock();
    const hash = hashToken(token);
    const row = await sessionViewer(this.store.db, hash, now.toISOString());
    if (!row) return null;
    if (now.getTime() - Date.parse(row.lastSeenAt) > TOUCH_EVERY_MS) {
      await touchSession(this.store.db, hash, now.toISOString(), new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString());
    }
    return row.viewer;
  }

  /** Who an API token (`pb_…`) belongs to, or null. */
  async viewerForApiToken(token: string): Promise<Viewer | null> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 120) return null;
    return apiTokenViewer(this.store.db, hashToken(token), this.clock().toISOString());
  }

  async signOut(sessionToken: string): Promise<void> {
    await deleteSession(this.store.db, hashToken(sessionToken));
  }

  /** Ends every session of the account (every browser); returns how many. */
  signOutEverywhere(viewer: Viewer): Promise<number> {
    return deleteSessionsOf(this.store.db, viewer.id);
  }

  async account(viewer: Viewer): Promise<Account> {
    const account = await accountById(this.store.db, viewer.id);
    if (!account) throw notFound('That account no longer exists.');
    return account;
  }

  activeSessions(viewer: Viewer): Promise<number> {
    return countSessionsOf(this.store.db, viewer.id, this.clock().toISOString());
  }

  /** Changes the viewer's own username and display name. */
  async updateProfile(viewer: Viewer, input: { username: string; fullname: string }): Promise<Account> {
    await this.limits.take('edits', `user:${viewer.id}`);
    const username = checkUsername(input.username);
    const fullname = checkFullname(input.fullname);
    await writeTransaction(this.store.db, async (trx) => {
      if (username !== viewer.username && (await usernameTaken(trx, username))) throw new AppError('conflict', `The username “${username}” is taken; pick another.`);
      await updateProfile(trx, viewer.id, { username, fullname });
    });
    return this.account(viewer);
  }

  apiTokens(viewer: Viewer): Promise<ApiTokenInfo[]> {
    return apiTokensOf(this.store.db, viewer.id);
  }

  /** A new personal API token; the token itself is returned once and never again. */
  async createApiToken(viewer: Viewer, nameInput: string): Promise<{ id: number; token: string }> {
    await this.limits.take('edits', `user:${viewer.id}`);
    const name = checkTokenName(nameInput);
    const token = `${API_TOKEN_PREFIX}${newToken()}`;
    const id = await insertApiToken(this.store.db, { userId: viewer.id, name, tokenHash: hashToken(token), now: this.clock().toISOString() });
    return { id, token };
  }

  /** Revokes one of the viewer's own tokens; another account's token is "not found" (its existence is not revealed). */
  async revokeApiToken(viewer: Viewer, tokenId: number): Promise<void> {
    if (!(await deleteApiToken(this.store.db, viewer.id, tokenId))) throw notFound('You have no API token with that id.');
  }

  /** Makes an account an admin (`paperboy users promote EMAIL`). */
  async promote(emailInput: string): Promise<Account> {
    const email = normaliseEmail(emailInput);
    if (!(await promoteAccount(this.store.db, email))) throw notFound(`No account has the address ${email}: that person signs in once first.`);
    return (await accountByEmail(this.store.db, email))!;
  }

  list(limit = 1000): Promise<Account[]> {
    return listAccounts(this.store.db, limit);
  }
}
