/** @jsxImportSource hono/jsx */
/**
 * Signing in and out: `/signin` (ask for a link), `/signin/verify` (the link:
 * a confirm button, then the session), `/signout`, `/signout/everywhere`.
 */
import type { Context, Hono } from 'hono';
import { AppError } from '../../domain/errors.ts';
import { clientAddress } from '../auth/client-address.ts';
import { formFields } from '../auth/form.ts';
import { requireViewer } from '../auth/request-viewer.ts';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.ts';
import { htmlDocument } from '../pages/layout.tsx';
import { ConfirmSignInPage, LinkSentPage, SignInPage } from '../pages/sign-in-page.tsx';
import { localLocation } from '../redirect.ts';
import type { WebContext } from '../web-context.ts';

const noStore = { 'cache-control': 'no-store' };

function nextParam(value: string | undefined): string {
  return localLocation(value ?? '/');
}

export function registerSignInRoutes(app: Hono, ctx: WebContext): void {
  app.get('/signin', (c) => {
    const viewer = c.get('viewer');
    const next = nextParam(c.req.query('next'));
    if (viewer) return c.redirect(next, 303);
    return c.html(htmlDocument(<SignInPage next={next} signedOutEverywhere={c.req.query('signed_out') === 'all'} />), 200, noStore);
  });

  app.post('/signin', async (c) => {
    const form = await formFields(c, 1000);
    const next = nextParam(form.next);
    try {
      const sent = await ctx.core.accounts.requestSignIn(form.email ?? '', next, clientAddress(c));
      return c.html(htmlDocument(<LinkSentPage email={sent.email} delivery={sent.delivery} />), 200, noStore);
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid_input') {
        return c.html(htmlDocument(<SignInPage next={next} email={form.email ?? ''} error={e.message} />), 400, noStore);
      }
      throw e;
    }
  });

  app.get('/signin/verify', (c) => {
    const token = c.req.query('token') ?? '';
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
      return c.html(htmlDocument(<SignInPage next="/" error="That sign-in link is incomplete: open the whole link from the email, or ask for a new one here." />), 400, noStore);
    }
    // a button, not an instant sign-in: mail scanners open links, and the link works once
    return c.html(htmlDocument(<ConfirmSignInPage token={token} />), 200, { ...noStore, 'referrer-policy': 'no-referrer' });
  });

  app.post('/signin/verify', async (c) => {
    const form = await formFields(c, 1000);
    try {
      const signedIn = await ctx.core.accounts.completeSignIn(form.token ?? '');
      const old = c.get('sessionToken');
      if (old) await ctx.core.accounts.signOut(old);
      setSessionCookie(c, signedIn.sessionToken, signedIn.sessionExpiresAt);
      const next = localLocation(signedIn.nextPath);
      // a new account first sees its settings (its username was made up for it), with the way back to where it was going
      return c.redirect(signedIn.isNew ? `/settings?welcome=1${next === '/' ? '' : `&next=${encodeURIComponent(next)}`}` : next, 303);
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid_input') {
        return c.html(htmlDocument(<SignInPage next="/" error={e.message} />), 400, noStore);
      }
      throw e;
    }
  });

  app.post('/signout', async (c) => {
    await signOutHere(c, ctx);
    return c.redirect('/', 303);
  });

  app.post('/signout/everywhere', async (c) => {
    const viewer = requireViewer(c, 'sign out');
    await ctx.core.accounts.signOutEverywhere(viewer);
    clearSessionCookie(c);
    return c.redirect('/signin?signed_out=all', 303);
  });
}

async function signOutHere(c: Context, ctx: WebContext): Promise<void> {
  const token = c.get('sessionToken');
  if (token) await ctx.core.accounts.signOut(token);
  clearSessionCookie(c);
}
