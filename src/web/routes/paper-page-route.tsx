/** @jsxImportSource hono/jsx */
/** `/papers/{id}`: one paper. Old-style arXiv ids contain a slash, so the id is the rest of the path. */
import type { Hono } from 'hono';
import { AppError } from '../../domain/errors.ts';
import { arxivAbsUrl, PAPER_ID_HELP, parsePaperId } from '../../domain/paper-id.ts';
import { ErrorPage } from '../pages/error-page.tsx';
import { PaperPage } from '../pages/paper-page.tsx';
import { htmlDocument } from '../pages/layout.tsx';
import { paperPath } from '../pages/paths.ts';
import { localRedirect } from '../redirect.ts';
import { cached, HTML } from '../respond.ts';
import type { WebContext } from '../web-context.ts';

export function registerPaperPage(app: Hono, ctx: WebContext): void {
  app.get('/papers/:id{.+}', (c) => {
    const raw = c.req.param('id');
    const parsed = parsePaperId(raw);
    if (!parsed) throw new AppError('invalid_input', `“${raw}” is not a paper id. Use ${PAPER_ID_HELP}.`);
    // One URL per paper: versions, prefixes and URLs redirect to the canonical page.
    if (paperPath(parsed.id) !== c.req.path) return localRedirect(c, paperPath(parsed.id), 301);
    return cached(c, ctx, HTML, paperPath(parsed.id), async () => {
      const data = await ctx.core.paperPage(parsed.id, 6);
      if (!data) return { status: 404, body: notHere(parsed.id, parsed.source === 'arxiv') };
      return { body: htmlDocument(<PaperPage detail={data.detail} baseUrl={ctx.config.baseUrl} related={data.related} versions={data.versions} thumbnail={data.thumbnail} />) };
    });
  });
}

function notHere(id: string, isArxiv: boolean): string {
  return htmlDocument(
    <ErrorPage status={404} title={`No paper ${id} here yet`}>
      <p>This instance has not gathered that paper.</p>
      {isArxiv ? (
        <p>
          It may be on arXiv: <a href={arxivAbsUrl(id)}>{arxivAbsUrl(id)}</a>. An administrator can fetch it with <code>paperboy ingest id {id}</code>.
        </p>
      ) : null}
    </ErrorPage>,
  );
}
