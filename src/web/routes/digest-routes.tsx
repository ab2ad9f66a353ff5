/** @jsxImportSource hono/jsx */
/**
 * Digest subscriptions on the web:
 * - `/subscribe` (GET: the form, `?email=` prefilled by the header's form; POST: mails a confirmation)
 * - `/subscribe/confirm` (GET: a button, because mail scanners open links; POST: active)
 * - `/digest/settings` (a signed `?token=` from any digest, or signed in), `/digest/settings/resubscribe`
 * - `/digest/unsubscribe` (GET: a button; POST: RFC 8058 one-click, CSRF-exempt, see auth/csrf.ts)
 * - `/digest/view?period=&token=` (the web version of one digest)
 * - `/digest/preview` (admins: anyone's digest for a period)
 * None of these pages is cached: each carries a form token or a subscriber's data.
 */
import type { Context, Hono } from 'hono';
import type { Subscriber } from '../../domain/digest.ts';
import { digestWindow } from '../../domain/digest-window.ts';
import { AppError } from '../../domain/errors.ts';
import { clientAddress } from '../auth/client-address.ts';
import { formFields } from '../auth/form.ts';
import { requireAdmin, requireViewer } from '../auth/request-viewer.ts';
import { DigestPreviewPage } from '../pages/digest-preview-page.tsx';
import { DigestSettingsPage, type DigestSettingsPageProps } from '../pages/digest-settings-page.tsx';
import { htmlDocument } from '../pages/layout.tsx';
import { ConfirmSubscriptionPage, NothingThisPeriodPage, SubscribePage, SubscribeSentPage, UnsubscribedPage, UnsubscribePage } from '../pages/subscribe-pages.tsx';
import type { WebContext } from '../web-context.ts';

const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
const isInvalid = (e: unknown): e is AppError => e instanceof AppError && e.code === 'invalid_input';

export function registerDigestRoutes(app: Hono, ctx: WebContext): void {
  const digests = ctx.core.digests;

  app.get('/subscribe', async (c) => {
    // signed in: the account's own address, which subscribes at once (see app/digest-subscriptions.ts)
    const viewer = c.get('viewer');
    const email = (c.req.query('email') ?? (viewer ? (await ctx.core.accounts.account(viewer)).email : '')).slice(0, 254);
    return c.html(htmlDocument(<SubscribePage email={email} />), 200, noStore);
  });

  app.post('/subscribe', async (c) => {
    const form = await formFields(c, 1000);
    try {
      const outcome = await digests.subscribe(form.email ?? '', c.get('viewer'), clientAddress(c));
      if (outcome.kind === 'active') return c.redirect('/digest/settings?done=subscribed', 303);
      return c.html(htmlDocument(<SubscribeSentPage email={outcome.email} delivery={outcome.delivery} />), 200, noStore);
    } catch (e) {
      if (isInvalid(e)) return c.html(htmlDocument(<SubscribePage email={form.email ?? ''} error={e.message} />), 400, noStore);
      throw e;
    }
  });

  app.get('/subscribe/confirm', (c) => {
    const token = c.req.query('token') ?? '';
    return c.html(htmlDocument(<ConfirmSubscriptionPage token={token} />), 200, noStore);
  });

  app.post('/subscribe/confirm', async (c) => {
    const form = await formFields(c, 1000);
    const { manageToken } = await digests.confirm(form.token ?? '', c.get('viewer'));
    return c.redirect(`/digest/settings?token=${encodeURIComponent(manageToken)}&done=confirmed`, 303);
  });

  /** The subscription a request may manage: a signed settings link, or the signed-in account's own. */
  const access = async (c: Context, token: string | undefined): Promise<{ subscriber: Subscriber; token: string | null } | null> => {
    if (token) return { subscriber: await digests.byManageToken(token), token };
    const viewer = requireViewer(c, 'manage your digest (or open the settings link at the bottom of any digest)');
    const subscriber = await digests.ofViewer(viewer);
    return subscriber ? { subscriber, token: null } : null;
  };

  const settingsPage = async (c: Context, a: { subscriber: Subscriber; token: string | null }, extra: Partial<DigestSettingsPageProps>, status: 200 | 400 = 200) =>
    c.html(htmlDocument(<DigestSettingsPage subscriber={a.subscriber} token={a.token} unsubscribeToken={await digests.unsubscribeToken(a.subscriber)} {...extra} />), status, noStore);

  const NOTICES: Record<string, string> = {
    confirmed: 'Confirmed: your digest starts at the next hour you chose. Adjust it below.',
    subscribed: 'You are subscribed with your account’s address.',
    saved: 'Saved.',
    resubscribed: 'Welcome back: digests start again.',
  };

  app.get('/digest/settings', async (c) => {
    const token = c.req.query('token');
    if (!token && !c.get('viewer')) return c.redirect('/signin?next=%2Fdigest%2Fsettings', 303);
    const a = await access(c, token);
    if (!a) {
      const account = await ctx.core.accounts.account(requireViewer(c));
      return c.html(htmlDocument(<SubscribePage email={account.email} error="You have no digest subscription yet: subscribe with your account’s address below." />), 200, noStore);
    }
    const notice = NOTICES[c.req.query('done') ?? ''];
    return settingsPage(c, a, notice ? { notice } : {});
  });

  app.post('/digest/settings', async (c) => {
    const form = await formFields(c, 3000);
    const a = await access(c, form.token || undefined);
    if (!a) throw new AppError('not_found', 'You have no digest subscription yet: subscribe first at /subscribe.');
    try {
      await digests.updateSettings(a.subscriber, {
        frequency: form.frequency ?? '',
        sendHour: form.sendHour ?? '',
        timeZone: form.timeZone ?? '',
        paperCount: form.paperCount ?? '',
        includeTrending: form.includeTrending === 'on',
        includeSimilar: form.includeSimilar === 'on',
        categories: form.categories ?? '',
        keywords: form.keywords ?? '',
      });
    } catch (e) {
      if (isInvalid(e)) return settingsPage(c, a, { error: e.message, typed: form }, 400);
      throw e;
    }
    return c.redirect(`/digest/settings?${a.token ? `token=${encodeURIComponent(a.token)}&` : ''}done=saved`, 303);
  });

  app.post('/digest/settings/resubscribe', async (c) => {
    const form = await formFields(c, 1000);
    const a = await access(c, form.token || undefined);
    if (!a) throw new AppError('not_found', 'You have no digest subscription yet: subscribe first at /subscribe.');
    await digests.resubscribe(a.subscriber);
    return c.redirect(`/digest/settings?${a.token ? `token=${encodeURIComponent(a.token)}&` : ''}done=resubscribed`, 303);
  });

  app.get('/digest/unsubscribe', async (c) => {
    const token = c.req.query('token') ?? '';
    // reading the link does not unsubscribe (mail scanners open links): the button does
    const subscriber = await digests.subscriberForUnsubscribe(token);
    return c.html(htmlDocument(<UnsubscribePage token={token} email={subscriber.email} />), 200, noStore);
  });

  // RFC 8058: a POST with body `List-Unsubscribe=One-Click` to the List-Unsubscribe URL, from the
  // mail provider's servers, with no cookies: the signed token is the authentication (see auth/csrf.ts)
  app.post('/digest/unsubscribe', async (c) => {
    const type = c.req.header('content-type') ?? '';
    const body = type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data') ? await c.req.parseBody() : {};
    const token = c.req.query('token') ?? (typeof body.token === 'string' ? body.token : '');
    const done = await digests.unsubscribeByToken(token);
    if (body['List-Unsubscribe'] === 'One-Click') return c.text('Unsubscribed.', 200, { 'cache-control': 'no-store' });
    return c.html(htmlDocument(<UnsubscribedPage email={done.subscriber.email} manageToken={done.manageToken} />), 200, noStore);
  });

  app.get('/digest/view', async (c) => {
    const period = c.req.query('period') ?? '';
    const view = await digests.webVersion(c.req.query('token') ?? '', period);
    if (view.html === null) return c.html(htmlDocument(<NothingThisPeriodPage label={digestWindow(period).label} />), 200, noStore);
    return c.html(view.html, 200, noStore);
  });

  app.get('/digest/preview', async (c) => {
    const viewer = requireAdmin(c);
    const email = c.req.query('email') ?? '';
    const period = c.req.query('period') ?? '';
    const subscribers = await digests.list(viewer);
    if (!email) return c.html(htmlDocument(<DigestPreviewPage subscribers={subscribers} email="" period={period} />), 200, noStore);
    try {
      const preview = await digests.preview(viewer, email, period || null);
      if (preview.html === null) {
        return c.html(htmlDocument(<DigestPreviewPage subscribers={subscribers} email={email} period={preview.period} message={`Nothing to send to ${preview.subscriber.email} for ${preview.period}: no paper of ${digestWindow(preview.period).label} matches the settings (the composer returns null).`} />), 200, noStore);
      }
      // the digest's own HTML as the page: no scripts (and the page policy allows none), inline styles only
      return c.html(preview.html, 200, noStore);
    } catch (e) {
      if (isInvalid(e) || (e instanceof AppError && e.code === 'not_found')) {
        return c.html(htmlDocument(<DigestPreviewPage subscribers={subscribers} email={email} period={period} message={e.message} />), e.code === 'not_found' ? 404 : 400, noStore);
      }
      throw e;
    }
  });
}
