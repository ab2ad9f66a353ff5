/** @jsxImportSource hono/jsx */
/** `/u/{name}`: a person's page. */
import type { Hono } from 'hono';
import { notFound } from '../../domain/errors.ts';
import { htmlDocument } from '../pages/layout.tsx';
import { ProfilePage } from '../pages/profile-page.tsx';
import { cached, HTML } from '../respond.ts';
import type { WebContext } from '../web-context.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function registerProfileRoute(app: Hono, ctx: WebContext): void {
  app.get('/u/:name', (c) => {
    const name = c.req.param('name');
    if (!NAME.test(name)) throw notFound(`No one is called “${name}” here.`);
    return cached(c, ctx, HTML, `/u/${name}`, async () => {
      const profile = await ctx.core.profiles.byUsername(name);
      if (!profile) throw notFound(`No one is called “${name}” here.`);
      return { body: htmlDocument(<ProfilePage profile={profile} baseUrl={ctx.config.baseUrl} />) };
    });
  });
}
