/** @jsxImportSource hono/jsx */
/**
 * Voting. `POST /papers/{id}/upvote` with `vote=on|off` (a form: back to the
 * page it came from with 303; from htmx, the new vote box in place), and the
 * JSON API: `POST /api/papers/{id}/upvote` to upvote, `DELETE` to take it back
 * (Bearer token, or a signed-in browser with the CSRF header).
 */
import type { Context, Hono } from 'hono';
import { invalidInput } from '../../domain/errors.ts';
import { PAPER_ID_HELP, parsePaperId } from '../../domain/paper-id.ts';
import { formFields } from '../auth/form.ts';
import { requireViewer } from '../auth/request-viewer.ts';
import { paperPath } from '../pages/paths.ts';
import { VoteButton } from '../pages/vote-button.tsx';
import { localLocation } from '../redirect.ts';
import type { WebContext } from '../web-context.ts';

function paperIdParam(c: Context): string {
  const raw = c.req.param('id') ?? '';
  const parsed = parsePaperId(raw);
  if (!parsed) throw invalidInput(`“${raw}” is not a paper id. Use ${PAPER_ID_HELP}.`);
  return parsed.id;
}

/** Where a vote form goes back to: the page it was on (same site only), else the paper. */
function backTo(c: Context, paperId: string): string {
  const referer = c.req.header('referer');
  if (referer) {
    try {
      const url = new URL(referer);
      if (url.origin === new URL(c.req.url).origin || url.host === c.req.header('host')) return localLocation(`${url.pathname}${url.search}`);
    } catch {
      /* not a URL: fall through */
    }
  }
  return paperPath(paperId);
}

export function registerVoteRoutes(app: Hono, ctx: WebContext): void {
  app.post('/papers/:id{.+}/upvote', async (c) => {
    const viewer = requireViewer(c, 'upvote');
    const paperId = paperIdParam(c);
    const form = await formFields(c, 200);
    if (form.vote !== 'on' && form.vote !== 'off') throw invalidInput('Say vote=on (upvote) or vote=off (take it back).');
    const outcome = await ctx.core.votes.vote(viewer, paperId, form.vote === 'on');
    if (c.req.header('hx-request') === 'true') {
      return c.html((<VoteButton paperId={outcome.paperId} upvotes={outcome.upvotes.total} parts={outcome.upvotes} voted={outcome.voted} large={form.size === 'lg'} />).toString(), 200, { 'cache-control': 'no-store' });
    }
    return c.redirect(backTo(c, outcome.paperId), 303);
  });

  const apiVote = (on: boolean) => async (c: Context) => {
    const viewer = requireViewer(c, 'upvote (send Authorization: Bearer TOKEN; make a token at /settings)');
    const outcome = await ctx.core.votes.vote(viewer, paperIdParam(c), on);
    c.header('cache-control', 'no-store');
    return c.json({ paperId: outcome.paperId, voted: outcome.voted, changed: outcome.changed, upvotes: outcome.upvotes.total, upvoteParts: { imported: outcome.upvotes.imported, local: outcome.upvotes.local } });
  };
  app.post('/api/papers/:id{.+}/upvote', apiVote(true));
  app.delete('/api/papers/:id{.+}/upvote', apiVote(false));
}
