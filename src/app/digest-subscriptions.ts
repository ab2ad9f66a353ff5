/**
 * Digest subscriptions: subscribing (double opt-in), confirming, the settings
 * page's reads and writes, unsubscribing, and the digest as a web page (the
 * subscriber's web version, an admin's preview). The words are in
 * domain/digest.ts; signed links in digest/digest-links.ts; what a digest
 * says in digest/compose-digest.ts. Sending is not here (digest-send).
 *
 * Decisions:
 * - Subscribing never says whether an address was already subscribed: the
 *   answer is the same, and an active address gets at most an "already
 *   subscribed, manage here" mail (rate-limited like the confirmation).
 * - A signed-in account subscribing its own (verified: it signed in with it)
 *   address is active at once and linked to the account; no confirmation mail.
 *   Any other address is treated as if nobody were signed in, and is never
 *   linked: a link would let the account read and change that address's
 *   settings and fill someone else's digest from its upvotes.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import { normaliseEmail, type Viewer } from '../domain/account.ts';
import { checkDigestSettings, DEFAULT_DIGEST_SETTINGS, type DigestSettingsInput, type Subscriber } from '../domain/digest.ts';
import { digestWindow, periodCovering } from '../domain/digest-window.ts';
import { AppError, forbidden, invalidInput, notFound } from '../domain/errors.ts';
import { MjmlDigestComposer } from '../digest/compose-digest.ts';
import type { DigestContent } from '../digest/digest-content.ts';
import type { DigestComposer } from '../digest/digest-composer.ts';
import { addressOf, CONFIRM_DAYS, DigestLinks, type LinkPurpose } from '../digest/digest-links.ts';
import type { PaperFinder } from '../digest/gather-candidates.ts';
import type { Mailer, OutgoingMessage } from '../mail/mailer.ts';
import { accountById } from '../store/accounts-repo.ts';
import { writeTransaction } from '../store/db.ts';
import {
  insertSubscriber,
  linkSubscriberToUser,
  listSubscribers,
  setSubscriberStatus,
  subscriberByEmail,
  subscriberById,
  subscriberOfUser,
  updateSubscriberSettings,
} from '../store/digest-subscribers-repo.ts';
import { instanceSecret } from '../store/instance-secrets-repo.ts';
import { latestListedDay } from '../store/listings-repo.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { RateLimits } from './rate-limits.ts';
import { alreadySubscribedMail, confirmSubscriptionMail } from './subscription-mail.ts';

export type SubscribeOutcome =
  /** a mail went out (a confirmation, or "already subscribed"): the page says "check your inbox" either way */
  | { readonly kind: 'mailed'; readonly email: string; readonly delivery: string }
  /** the signed-in account's own address: active now */
  | { readonly kind: 'active'; readonly subscriber: Subscriber };

export class DigestSubscriptions {
  private linksMade: Promise<DigestLinks> | null = null;
  private composerMade: Promise<MjmlDigestComposer> | null = null;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly mailer: () => Mailer,
    private readonly clock: Clock,
    private readonly limits: RateLimits,
    private readonly finder: PaperFinder,
  ) {}

  /** The signed links of this instance: PAPERBOY_SECRET, or a secret made once and kept in the database. */
  links(): Promise<DigestLinks> {
    this.linksMade ??= (async () => {
      const secret = this.config.secret ?? (await instanceSecret(this.store.db, 'digest_links', () => randomBytes(32).toString('base64url'), this.clock().toISOString()));
      return new DigestLinks(this.config.baseUrl, secret, addressOf(this.config.mailFrom));
    })();
    this.linksMade.catch(() => (this.linksMade = null));
    return this.linksMade;
  }

  /** The digest composer (digest/compose-digest.ts) the sending engine and the web version use. */
  composer(): Promise<MjmlDigestComposer> {
    this.composerMade ??= this.links().then((links) => new MjmlDigestComposer({ db: this.store.db, finder: this.finder, links, nowMs: () => this.clock().getTime() }));
    return this.composerMade;
  }

  /**
   * The composer as a plain `DigestComposer`, usable at once (its secret is read on the first
   * compose): what the sending engine is given (`options.digestComposer ?? core.digests.digestComposer`).
   */
  readonly digestComposer: DigestComposer = { compose: async (subscriber, period) => (await this.composer()).compose(subscriber, period) };

  private async send(message: OutgoingMessage): Promise<string> {
    const mailer = this.mailer();
    try {
      await mailer.send(message);
    } catch (e) {
      throw new AppError('unavailable', `The email could not be sent (${(e as Error).message}). Try again in a moment.`);
    }
    return mailer.description;
  }

  private async accountEmail(viewer: Viewer | null): Promise<string | null> {
    if (!viewer) return null;
    return (await accountById(this.store.db, viewer.id))?.email ?? null;
  }

  /** Subscribes `emailInput` (see the decisions above); `from` is the asker's network address, for the rate limit. */
  async subscribe(emailInput: string, viewer: Viewer | null, from: string): Promise<SubscribeOutcome> {
    const email = normaliseEmail(emailInput);
    const own = (await this.accountEmail(viewer)) === email ? viewer : null;
    const now = this.clock().toISOString();
    if (own) {
      const subscriber = await writeTransaction(this.store.db, async (trx) => {
        const existing = await subscriberByEmail(trx, email);
        if (!existing) return insertSubscriber(trx, { email, userId: own.id, status: 'active', settings: DEFAULT_DIGEST_SETTINGS, now });
        await linkSubscriberToUser(trx, existing.id, own.id);
        return existing.status === 'active' ? (await subscriberById(trx, existing.id))! : (await setSubscriberStatus(trx, existing.id, 'active', now))!;
      });
      return { kind: 'active', subscriber };
    }
    await this.limits.take('subscribePerAddress', from);
    await this.limits.take('subscribePerEmail', email);
    const links = await this.links();
    const subscriber = await writeTransaction(this.store.db, async (trx) => {
      const existing = await subscriberByEmail(trx, email);
      if (!existing) return insertSubscriber(trx, { email, userId: null, status: 'pending', settings: DEFAULT_DIGEST_SETTINGS, now });
      // unsubscribed: asking again starts over with a confirmation; paused (bounces): a confirmation proves the address works again
      if (existing.status === 'unsubscribed' || existing.status === 'paused') return (await setSubscriberStatus(trx, existing.id, 'pending', now))!;
      return existing;
    });
    const message =
      subscriber.status === 'active'
        ? alreadySubscribedMail({ to: email, manageLink: links.manageUrl(subscriber.id), baseUrl: this.config.baseUrl })
        : confirmSubscriptionMail({ to: email, link: links.confirmUrl(subscriber.id, this.clock()), days: CONFIRM_DAYS, baseUrl: this.config.baseUrl });
    return { kind: 'mailed', email, delivery: await this.send(message) };
  }

  /** The subscriber a signed link names, or a clear 400/403 when the link is incomplete, altered or expired. */
  private async fromToken(purpose: LinkPurpose, token: string): Promise<Subscriber> {
    const check = (await this.links()).check(purpose, token, this.clock().getTime());
    if (!check.ok) {
      if (check.reason === 'malformed') throw invalidInput('That link is incomplete: open the whole link from the email.');
      if (check.reason === 'expired') throw invalidInput(`That confirmation link has expired (links last ${CONFIRM_DAYS} days): subscribe again to get a new one.`);
      throw forbidden('That link is not valid: it was changed, or it is from another Paperboy instance. Open the link from the email as it is.');
    }
    const subscriber = await subscriberById(this.store.db, check.id);
    if (!subscriber) throw notFound('That subscription no longer exists.');
    return subscriber;
  }

  /** Double opt-in: the confirmation link's button. Returns the settings token, so the page can lead there. */
  async confirm(token: string, viewer: Viewer | null): Promise<{ subscriber: Subscriber; manageToken: string }> {
    const subscriber = await this.fromToken('confirm', token);
    if (subscriber.status === 'unsubscribed') throw invalidInput('This confirmation link is from before you unsubscribed. Subscribe again to get a new one.');
    let now = subscriber;
    if (subscriber.status !== 'active') now = (await setSubscriberStatus(this.store.db, subscriber.id, 'active', this.clock().toISOString()))!;
    if (viewer && subscriber.userId === null && (await this.accountEmail(viewer)) === subscriber.email) {
      await linkSubscriberToUser(this.store.db, subscriber.id, viewer.id);
      now = { ...now, userId: viewer.id };
    }
    return { subscriber: now, manageToken: (await this.links()).token('manage', subscriber.id) };
  }

  /** The subscription a settings link names. */
  byManageToken(token: string): Promise<Subscriber> {
    return this.fromToken('manage', token);
  }

  /** The signed-in account's own subscription (linked, or at its address), or null. */
  async ofViewer(viewer: Viewer): Promise<Subscriber | null> {
    const email = await this.accountEmail(viewer);
    return email === null ? null : subscriberOfUser(this.store.db, viewer.id, email);
  }

  async manageToken(subscriber: Subscriber): Promise<string> {
    return (await this.links()).token('manage', subscriber.id);
  }

  /** Checks and saves the settings form; every saved search must be a query the search accepts. */
  async updateSettings(subscriber: Subscriber, input: DigestSettingsInput): Promise<Subscriber> {
    await this.limits.take('edits', `subscriber:${subscriber.id}`);
    const settings = checkDigestSettings(input);
    for (const k of settings.keywords) {
      try {
        await this.finder.search(k, 1);
      } catch (e) {
        if (e instanceof AppError && e.code === 'invalid_input') throw invalidInput(`The saved search “${k}” is not a search Paperboy understands: ${e.message}`);
        throw e;
      }
    }
    const saved = await updateSubscriberSettings(this.store.db, subscriber.id, settings);
    if (!saved) throw notFound('That subscription no longer exists.');
    return saved;
  }

  /** Whose unsubscribe link this is (the page shows the address before the button). */
  subscriberForUnsubscribe(token: string): Promise<Subscriber> {
    return this.fromToken('unsubscribe', token);
  }

  /** One-click unsubscribe (RFC 8058) and the unsubscribe page's button. Idempotent. */
  async unsubscribeByToken(token: string): Promise<{ subscriber: Subscriber; manageToken: string }> {
    const subscriber = await this.fromToken('unsubscribe', token);
    return { subscriber: await this.unsubscribe(subscriber), manageToken: await this.manageToken(subscriber) };
  }

  async unsubscribe(subscriber: Subscriber): Promise<Subscriber> {
    if (subscriber.status === 'unsubscribed') return subscriber;
    return (await setSubscriberStatus(this.store.db, subscriber.id, 'unsubscribed', this.clock().toISOString())) ?? subscriber;
  }

  /** "Subscribe again" on the settings page: whoever holds the settings link (or the account) proved the address before. */
  async resubscribe(subscriber: Subscriber): Promise<Subscriber> {
    if (subscriber.status === 'active') return subscriber;
    if (subscriber.status === 'pending') throw invalidInput('This address is not confirmed yet: use the link in the confirmation email.');
    return (await setSubscriberStatus(this.store.db, subscriber.id, 'active', this.clock().toISOString())) ?? subscriber;
  }

  async unsubscribeToken(subscriber: Subscriber): Promise<string> {
    return (await this.links()).token('unsubscribe', subscriber.id);
  }

  /** The web version of one digest, for whoever holds its link. null: nothing that period. */
  async webVersion(token: string, period: string): Promise<{ subscriber: Subscriber; html: string | null }> {
    digestWindow(period);
    const subscriber = await this.fromToken(`view:${period}`, token);
    const digest = await (await this.composer()).compose(subscriber, period);
    return { subscriber, html: digest?.html ?? null };
  }

  /** An admin's preview of anyone's digest for a period (default: the one covering the newest listed day). */
  async preview(viewer: Viewer, emailInput: string, periodInput: string | null): Promise<{ subscriber: Subscriber; period: string; html: string | null; content: DigestContent | null }> {
    if (!viewer.isAdmin) throw forbidden('Only an administrator can preview digests.');
    const email = normaliseEmail(emailInput);
    const subscriber = await subscriberByEmail(this.store.db, email);
    if (!subscriber) throw notFound(`No subscriber has the address ${email}.`);
    const period = periodInput ?? (await this.suggestedPeriod(subscriber.frequency));
    digestWindow(period);
    const composer = await this.composer();
    const digest = await composer.compose(subscriber, period);
    return { subscriber, period, html: digest?.html ?? null, content: digest ? await composer.content(subscriber, period) : null };
  }

  /** The period of the digest that reports on the newest listed day. */
  async suggestedPeriod(frequency: 'daily' | 'weekly'): Promise<string> {
    const day = (await latestListedDay(this.store.db)) ?? this.clock().toISOString().slice(0, 10);
    return periodCovering(frequency, day);
  }

  /** Subscribers for the admin's preview picker. */
  async list(viewer: Viewer, limit = 200): Promise<Subscriber[]> {
    if (!viewer.isAdmin) throw forbidden('Only an administrator can list subscribers.');
    return listSubscribers(this.store.db, null, limit);
  }
}
