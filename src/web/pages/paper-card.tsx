/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { combineCounts, type CountParts } from '../../domain/community.ts';
import { authorLine, type ListedPaper, type PaperRecord, type UserRecord } from '../../domain/paper.ts';
import type { ThumbnailMeta } from '../../app/types.ts';
import { renderMathText } from '../render/math-text.ts';
import { Avatar } from './avatar.tsx';
import { excerpt, githubName, plural, safeHref } from './format.ts';
import { paperPath, thumbnailPath } from './paths.ts';
import { VoteButton } from './vote-button.tsx';

/** What a card shows of a paper: the same on listings and in search results. */
export interface CardInfo {
  readonly paper: PaperRecord;
  /** the total shown, imported + local (domain/community.ts); null: not known (a paper never listed shows no vote box) */
  readonly upvotes: number | null;
  /** comments, imported + local */
  readonly comments: number;
  readonly submitter: UserRecord | null;
  /** where `upvotes` comes from: on Daily Papers and here */
  readonly upvoteParts?: CountParts;
  /** the signed-in reader has upvoted it (once sign-in exists) */
  readonly voted?: boolean;
  /** the stored picture of its first page, when there is one */
  readonly thumbnail?: ThumbnailMeta | null;
}

export function listedCard({ paper, listing, submitter, local }: ListedPaper, thumbnail: ThumbnailMeta | null = null): CardInfo {
  const parts = combineCounts(listing.upvotes, local.upvotes);
  return { paper, upvotes: parts.total, comments: listing.numComments + local.comments, submitter, upvoteParts: parts, thumbnail };
}

/**
 * The first page of a paper at `width` CSS pixels; its height follows the
 * stored picture's proportions, so the space is kept before it loads.
 */
export function Thumbnail({ paper, thumbnail, width, class: cls, lazy = true }: { paper: PaperRecord; thumbnail: ThumbnailMeta; width: number; class: string; lazy?: boolean }) {
  const height = Math.max(1, Math.round((width * thumbnail.height) / thumbnail.width));
  return (
    <img
      class={cls}
      src={thumbnailPath(paper.id, thumbnail.hash)}
      width={String(width)}
      height={String(height)}
      alt={`First page of “${paper.title}”`}
      loading={lazy ? 'lazy' : undefined}
      decoding="async"
    />
  );
}

export interface PaperCardProps {
  readonly info: CardInfo;
  readonly rank: number;
  /** the title as HTML (search marks it); rendered from the paper when absent */
  readonly titleHtml?: string;
  /** where the query's words matched in the abstract (search), shown under the summary */
  readonly snippetHtml?: string;
  /** a line of facts after the authors (search: date and categories) */
  readonly facts?: string;
  readonly class?: string;
  /** a last line inside the card (for you: which upvote it follows from) */
  readonly note?: Child;
}

export function PaperCard({ info, rank, titleHtml, snippetHtml, facts, class: extra, note }: PaperCardProps) {
  const { paper, upvotes, comments, submitter, upvoteParts, voted, thumbnail } = info;
  const blurb = paper.aiSummary ?? excerpt(paper.abstract, 320);
  const github = safeHref(paper.githubRepo);
  return (
    <article class={extra ? `paper-card ${extra}` : 'paper-card'} aria-labelledby={`t-${rank}`}>
      {upvotes !== null ? <VoteButton paperId={paper.id} upvotes={upvotes} parts={upvoteParts} {...(voted !== undefined ? { voted } : {})} /> : null}
      <div class="card-body">
        {thumbnail ? (
          // beside the title (text flows around it); the title is the link keyboards and screen readers use
          <a class="card-thumb-link" href={paperPath(paper.id)} tabindex={-1} aria-hidden="true">
            <Thumbnail paper={paper} thumbnail={thumbnail} width={112} class="card-thumb" />
          </a>
        ) : null}
        <h2 class="card-title">
          <a class="paper-title" id={`t-${rank}`} href={paperPath(paper.id)}>
            {raw(titleHtml ?? renderMathText(paper.title))}
          </a>
        </h2>
        <p class="card-authors">
          {authorLine(paper.authors, 4)}
          {facts ?? ''}
        </p>
        <p class="card-summary">{raw(renderMathText(blurb))}</p>
        {snippetHtml ? <p class="card-summary snippet">{raw(snippetHtml)}</p> : null}
        <div class="card-meta">
          {submitter ? (
            <span class="submitter">
              <Avatar name={submitter.fullname ?? submitter.username} size="sm" />
              <span>
                <span class="muted">Submitted by</span> {submitter.username}
              </span>
            </span>
          ) : null}
          {paper.organization ? <span class="chip">{paper.organization.fullname ?? paper.organization.name}</span> : null}
          {github ? (
            <a class="chip" href={github} rel="noopener noreferrer">
              <GitHubIcon /> {githubName(github)}
              {paper.githubStars ? <span class="muted"> · ★ {paper.githubStars.toLocaleString('en-US')}</span> : null}
            </a>
          ) : null}
          {comments > 0 ? (
            <a class="comment-count" href={`${paperPath(paper.id)}#comments`}>
              <CommentIcon /> {plural(comments, 'comment')}
            </a>
          ) : null}
        </div>
        {note ? <p class="card-note muted">{note}</p> : null}
      </div>
    </article>
  );
}

export const GitHubIcon = () => (
  <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" class="icon">
    <path
      fill="currentColor"
      d="M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0016 8c0-4.42-3.58-8-8-8z"
    />
  </svg>
);

export const CommentIcon = () => (
  <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" class="icon">
    <path fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />
  </svg>
);
