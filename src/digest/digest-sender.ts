/**
 * The sending engine: one pass over the subscribers who are due, each digest claimed in the
 * ledger, composed, handed to the Mailer with its deterministic Message-ID and recorded.
 *
 *   claim (write transaction, lease) → compose → send → the one UPDATE that says "sent"
 *
 * Exactly once as far as SMTP allows (src/digest/README.md): a (subscriber, period) row is
 * claimed by one process at a time; a process that dies leaves its claim to run out and the
 * next sender takes it over. The one window no SMTP client can close — the server has answered
 * 250 and the ledger has not committed yet — holds nothing but that UPDATE here; a crash inside
 * it makes the next sender send again with the same Message-ID (at-least-once, recognisable).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError, invalidInput } from '../domain/errors.ts';
import type { Subscriber } from '../domain/digest.ts';
import { dueNow, parseDigestPeriod, periodHasBegun } from '../domain/digest-period.ts';
import { MailSendError } from '../mail/mail-send-error.ts';
import type { Mailer } from '../mail/mailer.ts';
import { writeTransaction } from '../store/db.ts';
import {
  activeSubscribers, claimSends, expiredClaims, extendLease, giveUpExhaustedClaims, ledgerRowsOf, markFailed, markSent,
  markSkipped, recordHardBounce, releaseClaims, type ClaimCandidate, type ClaimedSend, type LedgerRow,
} from '../store/digest-ledger-repo.ts';
import type { Database } from '../store/schema.ts';
import type { DigestComposer } from './digest-composer.ts';
import { digestMessageId, retryDelayMs, type DigestSendSettings } from './send-settings.ts';

export interface DigestLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * TEST-ONLY observation points (the crash test stops the process at each of them and kills
 * it). Never set in the product: with none set, nothing runs between the points.
 */
export interface DigestSendTestHooks {
  /** inside the claim transaction, before it commits */
  readonly claimingBatch?: (batch: readonly ClaimedSend[]) => Promise<void> | void;
  /** the claim transaction committed */
  readonly claimedBatch?: (batch: readonly ClaimedSend[]) => Promise<void> | void;
  /** composed, lease checked, about to hand the message over */
  readonly beforeSend?: (send: ClaimedSend) => Promise<void> | void;
  /** the server answered 250 and the ledger does not know yet: inside the after-250 window */
  readonly afterAccepted?: (send: ClaimedSend) => Promise<void> | void;
  /** the ledger row is committed (sent, skipped or failed) */
  readonly recorded?: (send: ClaimedSend, outcome: SendOutcome) => Promise<void> | void;
}

export type SendOutcome = 'sent' | 'skipped' | 'failed-temporary' | 'failed-permanent' | 'lost-claim';

export interface DigestSenderDeps {
  readonly db: Kysely<Database>;
  readonly mailer: Mailer;
  readonly composer: DigestComposer;
  /** the right-hand side of digest Message-IDs: the base URL's host */
  readonly messageIdDomain: string;
  readonly settings: DigestSendSettings;
  readonly clock?: () => Date;
  readonly log?: DigestLog;
  readonly testHooks?: DigestSendTestHooks;
}

export interface DigestRunOptions {
  /** send this period (`D2026-11-26`, `W2026-W48`) to every active subscriber of its frequency, whatever their hour; by default each subscriber's due period */
  readonly period?: string | undefined;
  /** claim nothing, send nothing: say who would get what */
  readonly dryRun?: boolean | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** asked between messages: true stops the pass, gives unsent claims back */
  readonly shouldStop?: (() => boolean) | undefined;
}

export interface PlannedDigest {
  readonly subscriberId: number;
  readonly email: string;
  readonly period: string;
  readonly messageId: string;
  /** new; retry after a temporary failure; takeover of a claim whose sender stopped */
  readonly kind: 'new' | 'retry' | 'takeover';
}

export interface DigestRunSummary {
  /** (subscriber, period) pairs this pass tried: due and not done yet */
  readonly due: number;
  readonly sent: number;
  /** the composer found nothing worth sending */
  readonly skipped: number;
  /** 4xx, a connection problem, a composer error: tried again after a wait */
  readonly failedTemporary: number;
  /** a hard bounce, a message the mailer refused, or out of attempts: not tried again */
  readonly failedPermanent: number;
  /** subscribers paused in this pass (hard bounces) */
  readonly paused: number;
  /** due, but another sender holds the claim (or took it between our look and our claim) */
  readonly inFlightElsewhere: number;
  /** due, waiting for the time of its retry */
  readonly waitingToRetry: number;
  /** sent, but the claim had been taken over meanwhile: the other sender may send it too (same Message-ID) */
  readonly lostClaims: number;
  /** why the pass stopped before the end, or null */
  readonly stoppedEarly: string | null;
  /** for a dry run: who would get what */
  readonly planned: readonly PlannedDigest[];
}

/** Not about an address: our server, sign-in, sender, outbox. A run that sees many in a row stops. */
const OUR_SIDE = new Set(['connection', 'auth', 'sender', 'outbox']);

export class DigestSender {
  /** `host:pid:random`: who holds a claim */
  readonly claimedBy = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly clock: () => Date;
  private readonly log: DigestLog | undefined;
  private nextSlotMs = 0;

  constructor(private readonly deps: DigestSenderDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.log = deps.log;
  }

  async run(options: DigestRunOptions = {}): Promise<DigestRunSummary> {
    const { db, settings } = this.deps;
    const hooks = this.deps.testHooks;
    const now = this.clock();
    const nowIso = now.toISOString();
    const wanted = options.period === undefined ? null : parseDigestPeriod(options.period);
    if (wanted && !periodHasBegun(wanted, now)) throw invalidInput(`period ${wanted.key} has not begun anywhere yet: a digest is sent for a period that has begun`);
    const subscribers = await activeSubscribers(db);
    const byId = new Map(subscribers.map((s) => [s.id, s]));

    // 1. what is due: each subscriber's current period (or the one asked for)
    const pairs: { subscriber: Subscriber; period: string }[] = [];
    for (const s of subscribers) {
      try {
        const period = wanted ? (s.frequency === wanted.frequency ? wanted.key : null) : dueNow(s, now);
        if (period) pairs.push({ subscriber: s, period });
      } catch (e) {
        this.log?.warn({ subscriber: s.id, err: e }, 'subscriber skipped: their schedule cannot be read');
      }
    }
    // 2. what the ledger already knows about those periods, and claims of any period whose sender stopped
    const rows = new Map((await ledgerRowsOf(db, [...new Set(pairs.map((p) => p.period))])).map((r) => [`${r.subscriberId} ${r.period}`, r]));
    const candidates: (ClaimCandidate & { kind: PlannedDigest['kind'] })[] = [];
    let inFlightElsewhere = 0;
    let waitingToRetry = 0;
    const consider = (subscriberId: number, period: string, row: LedgerRow | undefined): void => {
      const messageId = row?.messageId ?? digestMessageId(subscriberId, period, this.deps.messageIdDomain);
      if (!row) candidates.push({ subscriberId, period, messageId, kind: 'new' });
      else if (row.status === 'claimed') {
        if (row.leaseUntil !== null && row.leaseUntil < nowIso) candidates.push({ subscriberId, period, messageId, kind: 'takeover' });
        else inFlightElsewhere += 1;
      } else if (row.status === 'failed' && row.nextAttemptAt !== null) {
        if (row.nextAttemptAt <= nowIso) candidates.push({ subscriberId, period, messageId, kind: 'retry' });
        else waitingToRetry += 1;
      }
    };
    for (const p of pairs) consider(p.subscriber.id, p.period, rows.get(`${p.subscriber.id} ${p.period}`));
    const seen = new Set(candidates.map((c) => `${c.subscriberId} ${c.period}`));
    for (const row of await expiredClaims(db, nowIso, 10_000)) {
      const key = `${row.subscriberId} ${row.period}`;
      if (seen.has(key) || rows.has(key) || !byId.has(row.subscriberId) || (wanted && row.period !== wanted.key)) continue;
      consider(row.subscriberId, row.period, row);
    }

    const summary = { due: candidates.length, sent: 0, skipped: 0, failedTemporary: 0, failedPermanent: 0, paused: 0, inFlightElsewhere, waitingToRetry, lostClaims: 0 };
    if (options.dryRun) {
      const planned = candidates.map((c) => ({ subscriberId: c.subscriberId, email: byId.get(c.subscriberId)?.email ?? '?', period: c.period, messageId: c.messageId, kind: c.kind }));
      return { ...summary, stoppedEarly: null, planned };
    }

    // 3. claim in batches as the workers need them, send, record
    let done = 0;
    const progress = (): void => options.onProgress?.(done, candidates.length);
    progress();
    const queue: ClaimedSend[] = [];
    let cursor = 0;
    let claiming: Promise<void> | null = null;
    let stoppedEarly: string | null = null;
    let ourFailuresInRow = 0;
    const stopped = (): boolean => stoppedEarly !== null || (options.shouldStop?.() ?? false);

    await writeTransaction(db, (trx) => giveUpExhaustedClaims(trx, nowIso, settings.maxAttempts));

    const claimNext = async (): Promise<void> => {
      const batch = candidates.slice(cursor, cursor + settings.batchSize);
      cursor += batch.length;
      const at = this.clock();
      const claimed = await writeTransaction(db, async (trx) => {
        const got = await claimSends(trx, batch, {
          claimedBy: this.claimedBy,
          now: at.toISOString(),
          leaseUntil: new Date(at.getTime() + settings.leaseMs).toISOString(),
          maxAttempts: settings.maxAttempts,
        });
        if (hooks?.claimingBatch) await hooks.claimingBatch(got);
        return got;
      });
      if (hooks?.claimedBatch) await hooks.claimedBatch(claimed);
      // taken by another sender between our look and our claim (or no longer active)
      summary.inFlightElsewhere += batch.length - claimed.length;
      done += batch.length - claimed.length;
      progress();
      queue.push(...claimed);
    };
    const take = async (): Promise<ClaimedSend | null> => {
      for (;;) {
        if (stopped()) return null;
        const next = queue.shift();
        if (next) return next;
        if (cursor >= candidates.length) return null;
        claiming ??= claimNext().finally(() => {
          claiming = null;
        });
        await claiming;
      }
    };

    const one = async (send: ClaimedSend): Promise<SendOutcome | 'failed-permanent-paused'> => {
      const subscriber = byId.get(send.subscriberId);
      if (!subscriber) return this.fail(send, 'the subscriber is no longer active', null);
      let composed;
      try {
        composed = await this.deps.composer.compose(subscriber, send.period);
      } catch (e) {
        this.log?.error({ subscriber: send.subscriberId, period: send.period, err: e }, 'digest could not be composed; tried again later');
        return this.failTemporarily(send, `composing failed: ${(e as Error).message}`);
      }
      if (composed === null) {
        return (await markSkipped(db, send, this.claimedBy, this.clock().toISOString())) ? 'skipped' : 'lost-claim';
      }
      if (!(await this.keepLease(send))) return 'lost-claim';
      if (hooks?.beforeSend) await hooks.beforeSend(send);
      await this.pace();
      let accepted;
      try {
        accepted = await this.deps.mailer.send({ ...composed, to: subscriber.email, messageId: send.messageId });
      } catch (e) {
        return this.sendFailed(send, e, (ours) => {
          ourFailuresInRow = ours ? ourFailuresInRow + 1 : 0;
          if (ourFailuresInRow >= settings.stopAfterFailuresInRow) {
            stoppedEarly = `stopped after ${ourFailuresInRow} failures in a row that are not about an address; the last: ${(e as Error).message}`;
          }
        });
      }
      // ---- the after-250 window: the server has the message, the ledger does not know yet ----
      if (hooks?.afterAccepted) await hooks.afterAccepted(send);
      const recorded = await markSent(db, send, this.claimedBy, this.clock().toISOString(), accepted.response ?? accepted.file ?? null);
      // ---- closed ----
      ourFailuresInRow = 0;
      if (!recorded) {
        this.log?.warn({ subscriber: send.subscriberId, period: send.period, messageId: send.messageId }, 'digest sent after its claim was taken over: the other sender may send it again (same Message-ID)');
        return 'lost-claim';
      }
      return 'sent';
    };

    const worker = async (): Promise<void> => {
      for (let send = await take(); send; send = await take()) {
        let result: SendOutcome | 'failed-permanent-paused';
        try {
          result = await one(send);
        } catch (e) {
          // the database itself failed (busy for too long, disk full): leave the claim to run out
          this.log?.error({ subscriber: send.subscriberId, period: send.period, err: e }, 'digest send could not be recorded; its claim runs out and it is tried again');
          result = 'failed-temporary';
        }
        const outcome: SendOutcome = result === 'failed-permanent-paused' ? 'failed-permanent' : result;
        if (result === 'failed-permanent-paused') summary.paused += 1;
        if (outcome === 'sent') summary.sent += 1;
        else if (outcome === 'skipped') summary.skipped += 1;
        else if (outcome === 'failed-temporary') summary.failedTemporary += 1;
        else if (outcome === 'failed-permanent') summary.failedPermanent += 1;
        else summary.lostClaims += 1;
        done += 1;
        progress();
        if (hooks?.recorded) await hooks.recorded(send, outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, () => worker()));
    await claiming;
    const released = queue.length;
    if (released > 0) {
      // stopping: what was claimed and not sent goes back at once, for the next sender
      await releaseClaims(db, queue.splice(0), this.claimedBy, this.clock().toISOString());
    }
    const leftOver = cursor < candidates.length || released > 0;
    return { ...summary, stoppedEarly: stoppedEarly ?? (leftOver ? 'asked to stop' : null), planned: [] };
  }

  /** Before handing a message over: the claim must stay ours for longer than a send can take. */
  private async keepLease(send: ClaimedSend): Promise<boolean> {
    const now = this.clock().getTime();
    if (Date.parse(send.leaseUntil) - now > this.deps.settings.leaseMs / 2) return true;
    const until = new Date(now + this.deps.settings.leaseMs).toISOString();
    const ok = await extendLease(this.deps.db, send, this.claimedBy, until);
    if (ok) (send as { leaseUntil: string }).leaseUntil = until;
    return ok;
  }

  /** At most `ratePerSecond` messages per second across the workers. */
  private async pace(): Promise<void> {
    const rate = this.deps.settings.ratePerSecond;
    if (rate <= 0) return;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + 1000 / rate;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  }

  private async sendFailed(send: ClaimedSend, e: unknown, count: (oursNotTheirs: boolean) => void): Promise<SendOutcome | 'failed-permanent-paused'> {
    const { db, settings } = this.deps;
    const message = (e as Error).message ?? String(e);
    if (e instanceof MailSendError) {
      count(OUR_SIDE.has(e.stage) || (e.permanent && !e.hardBounce));
      if (e.hardBounce) {
        const r = await writeTransaction(db, (trx) =>
          recordHardBounce(trx, send, this.claimedBy, { error: message, response: e.response ?? String(e.responseCode ?? ''), now: this.clock().toISOString(), pauseAfter: settings.pauseAfterHardBounces }),
        );
        this.log?.warn({ subscriber: send.subscriberId, period: send.period, code: e.responseCode, paused: r.paused }, 'digest bounced hard');
        return r.paused ? 'failed-permanent-paused' : 'failed-permanent';
      }
      return this.failTemporarily(send, message);
    }
    count(false);
    if (e instanceof AppError && e.code === 'invalid_input') {
      // the mailer cannot express this message (a composer bug): sending it again would fail again
      return this.fail(send, message, null);
    }
    return this.failTemporarily(send, message);
  }

  private failTemporarily(send: ClaimedSend, error: string): Promise<SendOutcome> {
    const { settings } = this.deps;
    if (send.attempts >= settings.maxAttempts) return this.fail(send, `${error} (given up after ${send.attempts} attempts)`, null);
    const next = new Date(this.clock().getTime() + retryDelayMs(settings, send.attempts)).toISOString();
    return this.fail(send, error, next);
  }

  private async fail(send: ClaimedSend, error: string, nextAttemptAt: string | null): Promise<SendOutcome> {
    const mine = await markFailed(this.deps.db, send, this.claimedBy, error, nextAttemptAt);
    if (!mine) return 'lost-claim';
    return nextAttemptAt === null ? 'failed-permanent' : 'failed-temporary';
  }
}
