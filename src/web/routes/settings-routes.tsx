/** @jsxImportSource hono/jsx */
/** `/settings`: profile, API tokens, sessions. Only for the signed-in account itself. */
import type { Context, Hono } from 'hono';
import { AppError, invalidInput } from '../../domain/errors.ts';
import { formFields } from '../auth/form.ts';
import { requireViewer } from '../auth/request-viewer.ts';
import { htmlDocument } from '../pages/layout.tsx';
import { SettingsPage, type SettingsPageProps } from '../pages/settings-page.tsx';
import { localLocation } from '../redirect.ts';
import type { WebContext } from '../web-context.ts';

type Extra = Omit<SettingsPageProps, 'account' | 'tokens' | 'sessions'>;

export function registerSettingsRoutes(app: Hono, ctx: WebContext): void {
  const page = async (c: Context, extra: Extra, status: 200 | 400 | 409 = 200) => {
    const viewer = requireViewer(c, 'see your settings');
    const [account, tokens, sessions] = await Promise.all([ctx.core.accounts.account(viewer), ctx.core.accounts.apiTokens(viewer), ctx.core.accounts.activeSessions(viewer)]);
    return c.html(htmlDocument(<SettingsPage account={account} tokens={tokens} sessions={sessions} {...extra} />), status, { 'cache-control': 'no-store' });
  };

  app.get('/settings', (c) => {
    if (!c.get('viewer')) return c.redirect('/signin?next=%2Fsettings', 303);
    const notice = { saved: 'Saved.', revoked: 'The token is revoked: it no longer works.' }[c.req.query('done') ?? ''];
    const next = localLocation(c.req.query('next') ?? '/');
    return page(c, { welcome: c.req.query('welcome') === '1', ...(next !== '/' ? { next } : {}), ...(notice ? { notice } : {}) });
  });

  app.post('/settings/profile', async (c) => {
    const viewer = requireViewer(c, 'change your profile');
    const form = await formFields(c, 200);
    const typed = { username: form.username ?? '', fullname: form.fullname ?? '' };
    try {
      await ctx.core.accounts.updateProfile(viewer, typed);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'invalid_input' || e.code === 'conflict')) return page(c, { error: e.message, typed }, e.code === 'conflict' ? 409 : 400);
      throw e;
    }
    return c.redirect('/settings?done=saved', 303);
  });

  app.post('/settings/tokens', async (c) => {
    const viewer = requireViewer(c, 'make an API token');
    const form = await formFields(c, 200);
    try {
      const made = await ctx.core.accounts.createApiToken(viewer, form.name ?? '');
      // shown once, on this response only: never in a URL, never cached
      return page(c, { newToken: { name: (form.name ?? '').trim(), token: made.token } });
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid_input') return page(c, { error: e.message }, 400);
      throw e;
    }
  });

  app.post('/settings/tokens/:id/revoke', async (c) => {
    const viewer = requireViewer(c, 'revoke a token');
    const id = c.req.param('id');
    if (!/^\d{1,12}$/.test(id)) throw invalidInput(`“${id}” is not a token id.`);
    await ctx.core.accounts.revokeApiToken(viewer, Number(id));
    return c.redirect('/settings?done=revoked', 303);
  });
}
