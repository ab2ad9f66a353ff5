/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import { arxivAbsUrl, arxivPdfUrl } from '../../domain/paper-id.ts';
import { combineCounts, UPSTREAM_NAME } from '../../domain/community.ts';
import { paperComments, paperUpvotes, type PaperDetail, type PaperRecord } from '../../domain/paper.ts';
import { RelatedPapers } from './search-page.tsx';
import { dayPeriod } from '../../domain/period.ts';
import { renderMathParagraphs, renderMathText } from '../render/math-text.ts';
import { Avatar } from './avatar.tsx';
import { excerpt, formatDay, githubName, plural, safeHref } from './format.ts';
import { Layout } from './layout.tsx';
import { GitHubIcon, Thumbnail } from './paper-card.tsx';
import { VoteButton } from './vote-button.tsx';
import type { ThumbnailMeta } from '../../app/types.ts';
import { paperPath, periodPath } from './paths.ts';

const AUTHORS_SHOWN = 12;

export interface VersionInfo {
  readonly version: number;
  readonly title: string | null;
  readonly abstract: string | null;
  readonly submittedAt: string | null;
}

export function PaperPage({ detail, baseUrl, related, versions = [], thumbnail = null }: { detail: PaperDetail; baseUrl: string; related: readonly PaperRecord[]; versions?: readonly VersionInfo[]; thumbnail?: ThumbnailMeta | null }) {
  const { paper, listings, submitter } = detail;
  const isArxiv = paper.source === 'arxiv';
  const latest = listings[0];
  const upvotes = combineCounts(paperUpvotes(listings), detail.local.upvotes);
  const comments = paperComments(listings) + detail.local.comments;
  const github = safeHref(paper.githubRepo);
  const project = safeHref(paper.projectPage);
  const doi = paper.doi ? `https://doi.org/${encodeURI(paper.doi)}` : null;
  const shownAuthors = paper.authors.slice(0, AUTHORS_SHOWN);
  const moreAuthors = paper.authors.slice(AUTHORS_SHOWN);
  return (
    <Layout title={paper.title} description={excerpt(paper.aiSummary ?? paper.abstract, 200)} canonical={`${baseUrl}${paperPath(paper.id)}`}>
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href="/">Daily Papers</a>
        {latest ? (
          <>
            <span aria-hidden="true"> › </span>
            <a href={periodPath(dayPeriod(latest.day))}>{formatDay(latest.day)}</a>
          </>
        ) : null}
      </nav>
      <article class="paper">
        <header class="paper-head">
          <div class="paper-head-main">
            <p class="eyebrow">
              {isArxiv ? `arXiv:${paper.id}${paper.version ? `v${paper.version}` : ''}` : paper.id}
              {paper.primaryCategory ? ` · ${paper.primaryCategory}` : ''}
            </p>
            <h1 class="paper-title">{raw(renderMathText(paper.title))}</h1>
            <div class="authors">
              {shownAuthors.map((a, i) => (
                <>
                  <span class="author">{a.name}</span>
                  {i < shownAuthors.length - 1 ? ', ' : ''}
                </>
              ))}
              {moreAuthors.length > 0 ? (
                <details class="more-authors">
                  <summary>
                    <span class="when-closed">and {plural(moreAuthors.length, 'more author')}</span>
                    <span class="when-open" title="Show fewer authors">
                      and<span class="sr-only"> (show fewer authors)</span>
                    </span>
                  </summary>
                  {moreAuthors.map((a) => a.name).join(', ')}
                </details>
              ) : null}
            </div>
          </div>
          <div class="vote-box">
            <VoteButton paperId={paper.id} upvotes={upvotes.total} parts={upvotes} large />
            {upvotes.imported > 0 ? (
              <p class="vote-parts" aria-hidden={upvotes.local > 0 ? 'true' : undefined}>
                {upvotes.imported.toLocaleString('en-US')} on {UPSTREAM_NAME}
                <br />
                {upvotes.local.toLocaleString('en-US')} here
              </p>
            ) : null}
          </div>
        </header>

        {thumbnail ? (
          <figure class="paper-thumb">
            {isArxiv ? (
              <a href={arxivPdfUrl(paper.id)} rel="noopener" title="Open the PDF">
                <Thumbnail paper={paper} thumbnail={thumbnail} width={180} class="paper-thumb-img" lazy={false} />
              </a>
            ) : (
              <Thumbnail paper={paper} thumbnail={thumbnail} width={180} class="paper-thumb-img" lazy={false} />
            )}
          </figure>
        ) : null}

        <dl class="facts">
          {paper.publishedAt ? (
            <div>
              <dt>Published</dt>
              <dd>
                <time datetime={paper.publishedAt}>{formatDay(paper.publishedAt)}</time>
              </dd>
            </div>
          ) : null}
          {latest ? (
            <div>
              <dt>Listed</dt>
              <dd>
                {listings.map((l, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a href={periodPath(dayPeriod(l.day))}>
                      <time datetime={l.day}>{formatDay(l.day)}</time>
                    </a>
                  </>
                ))}
              </dd>
            </div>
          ) : null}
          {submitter ? (
            <div>
              <dt>Submitted by</dt>
              <dd class="submitter">
                <Avatar name={submitter.fullname ?? submitter.username} size="sm" />
                <span>{submitter.fullname && submitter.fullname !== submitter.username ? `${submitter.fullname} (${submitter.username})` : submitter.username}</span>
              </dd>
            </div>
          ) : null}
          {versions.length > 1 ? (
            <div>
              <dt>Versions</dt>
              <dd>
                <Versions versions={versions} />
              </dd>
            </div>
          ) : null}
          {comments > 0 ? (
            <div>
              <dt>Discussion</dt>
              <dd>{plural(comments, 'comment')}</dd>
            </div>
          ) : null}
        </dl>

        <div class="actions">
          {isArxiv ? (
            <>
              <a class="button primary" href={arxivAbsUrl(paper.id)} rel="noopener">
                arXiv page
              </a>
              <a class="button" href={arxivPdfUrl(paper.id)} rel="noopener">
                PDF
              </a>
            </>
          ) : null}
          {github ? (
            <a class="button" href={github} rel="noopener noreferrer">
              <GitHubIcon /> {githubName(github)}
              {paper.githubStars ? ` · ★ ${paper.githubStars.toLocaleString('en-US')}` : ''}
            </a>
          ) : null}
          {project ? (
            <a class="button" href={project} rel="noopener noreferrer">
              Project page
            </a>
          ) : null}
          {doi ? (
            <a class="button" href={doi} rel="noopener noreferrer">
              DOI
            </a>
          ) : null}
        </div>

        {paper.aiSummary ? (
          <section class="ai-summary" aria-label="Summary">
            <h2>In short</h2>
            <p>{raw(renderMathText(paper.aiSummary))}</p>
            {paper.aiKeywords.length > 0 ? (
              <ul class="keywords" aria-label="Keywords">
                {paper.aiKeywords.map((k) => (
                  <li>{k}</li>
                ))}
              </ul>
            ) : null}
          </section>
        ) : null}

        <section aria-labelledby="abstract-h">
          <h2 id="abstract-h">Abstract</h2>
          <div class="abstract">{raw(renderMathParagraphs(paper.abstract))}</div>
        </section>

        {paper.comment || paper.journalRef || paper.categories.length > 0 ? (
          <dl class="facts facts-small">
            {paper.comment ? (
              <div>
                <dt>Comment</dt>
                <dd>{paper.comment}</dd>
              </div>
            ) : null}
            {paper.journalRef ? (
              <div>
                <dt>Journal</dt>
                <dd>{paper.journalRef}</dd>
              </div>
            ) : null}
            {paper.categories.length > 0 ? (
              <div>
                <dt>Categories</dt>
                <dd>{paper.categories.join(', ')}</dd>
              </div>
            ) : null}
          </dl>
        ) : null}
      </article>
      <RelatedPapers papers={related} />
    </Layout>
  );
}

/** "v1 Jun 1, 2026 · v2 Jun 5, 2026 (new title, new abstract)": what changed between versions, when we know. */
function Versions({ versions }: { versions: readonly VersionInfo[] }) {
  return (
    <span class="versions">
      {versions.map((v, i) => {
        const before = versions[i - 1];
        const changes: string[] = [];
        if (before && v.title && before.title && v.title !== before.title) changes.push('new title');
        if (before && v.abstract && before.abstract && v.abstract !== before.abstract) changes.push('revised abstract');
        return (
          <>
            {i > 0 ? ' · ' : ''}
            <span title={v.title ?? undefined}>
              v{v.version}
              {v.submittedAt ? ` ${formatDay(v.submittedAt)}` : ''}
              {changes.length > 0 ? <span class="muted"> ({changes.join(', ')})</span> : null}
            </span>
          </>
        );
      })}
    </span>
  );
}
