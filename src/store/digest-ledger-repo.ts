/**
 * The digest send ledger (migration 0015, `digest_sends`) and the one update the sending
 * engine makes to subscribers (hard bounces, pausing). Words: src/digest/README.md.
 *
 * Every state change of a row is one statement (or one write transaction), conditional on the
 * claim still being ours (`claimed_by`), so a process that lost its lease never overwrites
 * the row of the process that took it over.
 */
import { sql, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import type { Subscriber } from '../domain/digest.ts';
import { rowToSubscriber } from './digest-subscribers-repo.ts';
import type { Db } from './db.ts';
import type { Database } from './schema.ts';

type SendsUpdate = UpdateQueryBuilder<Database, 'digest_sends', 'digest_sends', UpdateResult>;

/** The key of a ledger row. */
export interface DigestSendKey {
  readonly subscriberId: number;
  readonly period: string;
}

export interface ClaimCandidate extends DigestSendKey {
  /** the Message-ID to record when the row is new (an existing row keeps its own) */
  readonly messageId: string;
}

export interface ClaimedSend extends DigestSendKey {
  readonly messageId: string;
  /** 1 for a first claim; more after a takeover or a retry */
  readonly attempts: number;
  readonly leaseUntil: string;
}

export type LedgerStatus = 'claimed' | 'sent' | 'skipped' | 'failed';

export interface LedgerRow extends DigestSendKey {
  readonly status: LedgerStatus;
  readonly messageId: string;
  readonly claimedBy: string | null;
  readonly leaseUntil: string | null;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly sentAt: string | null;
  readonly lastError: string | null;
}

/** Every active subscriber (the ones a digest may go to), oldest first. */
export async function activeSubscribers(db: Db): Promise<Subscriber[]> {
  const rows = await db.selectFrom('digest_subscribers').selectAll().where('status', '=', 'active').orderBy('id').execute();
  return rows.map(rowToSubscriber);
}

function toLedgerRow(r: {
  subscriber_id: number; period: string; status: string; message_id: string; claimed_by: string | null; lease_until: string | null;
  attempts: number; next_attempt_at: string | null; sent_at: string | null; last_error: string | null;
}): LedgerRow {
  return {
    subscriberId: r.subscriber_id,
    period: r.period,
    status: r.status as LedgerStatus,
    messageId: r.message_id,
    claimedBy: r.claimed_by,
    leaseUntil: r.lease_until,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at,
    lastError: r.last_error,
  };
}

const ledgerColumns = ['subscriber_id', 'period', 'status', 'message_id', 'claimed_by', 'lease_until', 'attempts', 'next_attempt_at', 'sent_at', 'last_error'] as const;

/** The ledger rows of these periods (a pass looks up what is already done, in flight or waiting to retry). */
export async function ledgerRowsOf(db: Db, periods: readonly string[]): Promise<LedgerRow[]> {
  if (periods.length === 0) return [];
  const rows = await db.selectFrom('digest_sends').select(ledgerColumns).where('period', 'in', [...periods]).execute();
  return rows.map(toLedgerRow);
}

/** One row, or null (tests, the CLI). */
export async function ledgerRow(db: Db, key: DigestSendKey): Promise<LedgerRow | null> {
  const r = await db.selectFrom('digest_sends').select(ledgerColumns).where('subscriber_id', '=', key.subscriberId).where('period', '=', key.period).executeTakeFirst();
  return r ? toLedgerRow(r) : null;
}

/** Claims whose lease ran out (their process died or hung), of any period, oldest first. */
export async function expiredClaims(db: Db, now: string, limit: number): Promise<LedgerRow[]> {
  const rows = await db
    .selectFrom('digest_sends')
    .select(ledgerColumns)
    .where('status', '=', 'claimed')
    .where('lease_until', '<', now)
    .orderBy('claimed_at')
    .limit(limit)
    .execute();
  return rows.map(toLedgerRow);
}

/**
 * Claims what it can of `candidates` for `claimedBy` until `leaseUntil`. Call it inside a write
 * transaction (`writeTransaction`, SQLite `BEGIN IMMEDIATE`): two processes claiming at once take
 * turns, and each (subscriber, period) goes to one of them. A candidate is taken when it has no
 * row yet, when its claim's lease has run out (attempts + 1), or when it failed temporarily and
 * its retry time has come — and only while its subscriber is active and it has had fewer than
 * `maxAttempts` claims. Returns what was claimed, in the order of `candidates`.
 */
export async function claimSends(
  trx: Db,
  candidates: readonly ClaimCandidate[],
  claim: { readonly claimedBy: string; readonly now: string; readonly leaseUntil: string; readonly maxAttempts: number },
): Promise<ClaimedSend[]> {
  const claimed: ClaimedSend[] = [];
  for (const c of candidates) {
    const { rows } = await sql<{ message_id: string; attempts: number }>`
      INSERT INTO digest_sends (subscriber_id, period, status, message_id, claimed_by, claimed_at, lease_until, attempts)
      SELECT ${c.subscriberId}, ${c.period}, 'claimed', ${c.messageId}, ${claim.claimedBy}, ${claim.now}, ${claim.leaseUntil}, 1
      WHERE EXISTS (SELECT 1 FROM digest_subscribers WHERE id = ${c.subscriberId} AND status = 'active')
      ON CONFLICT (subscriber_id, period) DO UPDATE SET
        status = 'claimed', claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at,
        lease_until = excluded.lease_until, attempts = digest_sends.attempts + 1, next_attempt_at = NULL
      WHERE digest_sends.attempts < ${claim.maxAttempts} AND (
        (digest_sends.status = 'claimed' AND digest_sends.lease_until < ${claim.now})
        OR (digest_sends.status = 'failed' AND digest_sends.next_attempt_at IS NOT NULL AND digest_sends.next_attempt_at <= ${claim.now}))
      RETURNING message_id, attempts`.execute(trx);
    const row = rows[0];
    if (row) claimed.push({ subscriberId: c.subscriberId, period: c.period, messageId: row.message_id, attempts: row.attempts, leaseUntil: claim.leaseUntil });
  }
  return claimed;
}

/**
 * Claims that ran out of attempts (a process died holding them `maxAttempts` times, e.g. a
 * digest that crashes its sender) become failed for good instead of being taken over forever.
 */
export async function giveUpExhaustedClaims(trx: Db, now: string, maxAttempts: number): Promise<number> {
  const r = await trx
    .updateTable('digest_sends')
    .set({ status: 'failed', next_attempt_at: null, lease_until: null, last_error: `given up after ${maxAttempts} attempts: the sender stopped each time before it finished` })
    .where('status', '=', 'claimed')
    .where('lease_until', '<', now)
    .where('attempts', '>=', maxAttempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Moves our claim on; false when it is no longer ours (taken over after it ran out). */
export async function extendLease(db: Db, key: DigestSendKey, claimedBy: string, leaseUntil: string): Promise<boolean> {
  const r = await ownClaim(db.updateTable('digest_sends').set({ lease_until: leaseUntil }), key, claimedBy).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The message was accepted: the one statement between the server's final 250 and the commit
 * (the after-250 window, src/digest/README.md). False when the claim was no longer ours.
 */
export async function markSent(db: Db, key: DigestSendKey, claimedBy: string, sentAt: string, response: string | null): Promise<boolean> {
  const r = await ownClaim(
    db.updateTable('digest_sends').set({ status: 'sent', sent_at: sentAt, response, lease_until: null, last_error: null }),
    key,
    claimedBy,
  ).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The composer found nothing worth sending this period: done, nothing sent. */
export async function markSkipped(db: Db, key: DigestSendKey, claimedBy: string, at: string): Promise<boolean> {
  const r = await ownClaim(db.updateTable('digest_sends').set({ status: 'skipped', sent_at: at, lease_until: null }), key, claimedBy).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Not sent: `nextAttemptAt` to try again then (temporary), null for never (permanent). */
export async function markFailed(db: Db, key: DigestSendKey, claimedBy: string, error: string, nextAttemptAt: string | null): Promise<boolean> {
  const r = await ownClaim(
    db.updateTable('digest_sends').set({ status: 'failed', last_error: error.slice(0, 2000), next_attempt_at: nextAttemptAt, lease_until: null }),
    key,
    claimedBy,
  ).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives claims back at once (a run stopping before it got to them): the next sender takes them without waiting, and the claim is not counted as an attempt. */
export async function releaseClaims(db: Db, keys: readonly DigestSendKey[], claimedBy: string, now: string): Promise<void> {
  for (const key of keys) {
    await ownClaim(
      db.updateTable('digest_sends').set((eb) => ({ lease_until: new Date(Date.parse(now) - 1).toISOString(), attempts: eb('attempts', '-', 1) })),
      key,
      claimedBy,
    ).execute();
  }
}

/**
 * A hard bounce (a 5xx about the address or the message): the row fails for good, and the
 * subscriber's `hard_bounces` goes up; at `pauseAfter` an active subscriber becomes `paused`.
 * Call it inside a write transaction (both rows change together). Returns whether it paused.
 */
export async function recordHardBounce(
  trx: Db,
  key: DigestSendKey,
  claimedBy: string,
  bounce: { readonly error: string; readonly response: string; readonly now: string; readonly pauseAfter: number },
): Promise<{ paused: boolean }> {
  const mine = await markFailed(trx, key, claimedBy, bounce.error, null);
  if (!mine) return { paused: false };
  const db = trx;
  await db
    .updateTable('digest_subscribers')
    .set((eb) => ({ hard_bounces: eb('hard_bounces', '+', 1), last_bounce: `${bounce.now} ${bounce.response}`.slice(0, 1000) }))
    .where('id', '=', key.subscriberId)
    .execute();
  const r = await db
    .updateTable('digest_subscribers')
    .set({ status: 'paused', paused_at: bounce.now })
    .where('id', '=', key.subscriberId)
    .where('status', '=', 'active')
    .where('hard_bounces', '>=', bounce.pauseAfter)
    .executeTakeFirst();
  return { paused: Number(r.numUpdatedRows) === 1 };
}

/** Every change after the claim is conditional on the claim still being ours. */
function ownClaim(qb: SendsUpdate, key: DigestSendKey, claimedBy: string): SendsUpdate {
  return qb
    .where('subscriber_id', '=', key.subscriberId)
    .where('period', '=', key.period)
    .where('claimed_by', '=', claimedBy)
    .where('status', '=', 'claimed');
}
