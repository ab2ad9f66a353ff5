/** @jsxImportSource hono/jsx */
/**
 * The vote box as a control. Signed in: a form that posts "upvote" or
 * "unvote" (works without JavaScript; with htmx it swaps itself in place).
 * Anonymous: a link to sign in that comes back here. Either way it reads the
 * total and where it comes from (upvotesLabel).
 */
import { UPSTREAM_NAME, type CountParts } from '../../domain/community.ts';
import { currentCsrf, currentViewer, currentVotedPapers } from '../auth/request-scope.ts';
import { plural } from './format.ts';
import { paperPath } from './paths.ts';

/**
 * "12 upvotes · 10 on Daily Papers, 2 here" when both kinds of votes are there;
 * just "12 upvotes" when all are of one kind (or the parts are not known).
 */
export function upvotesLabel(total: number, parts?: CountParts): string {
  const label = plural(total, 'upvote');
  if (!parts || parts.imported === 0 || parts.local === 0) return label;
  return `${label} · ${parts.imported.toLocaleString('en-US')} on ${UPSTREAM_NAME}, ${parts.local.toLocaleString('en-US')} here`;
}

export interface VoteButtonProps {
  readonly paperId: string;
  readonly upvotes: number;
  readonly parts?: CountParts;
  readonly large?: boolean;
  /** after a vote, the state is known without reading the request's votes */
  readonly voted?: boolean;
}

const Triangle = ({ large }: { large?: boolean | undefined }) => (
  <svg viewBox="0 0 12 12" width={large ? '16' : '12'} height={large ? '16' : '12'} aria-hidden="true">
    <path d="M6 2 L11 9 H1 Z" fill="currentColor" />
  </svg>
);

export function VoteButton({ paperId, upvotes, parts, large, voted }: VoteButtonProps) {
  const viewer = currentViewer();
  const label = upvotesLabel(upvotes, parts);
  const cls = `vote vote-button${large ? ' vote-lg' : ''}`;
  const inner = (
    <>
      <Triangle large={large} />
      <span class="vote-count">{upvotes}</span>
      {large ? <span class="vote-label">{upvotes === 1 ? 'upvote' : 'upvotes'}</span> : null}
    </>
  );
  if (!viewer) {
    return (
      <a class={cls} href={`/signin?next=${encodeURIComponent(paperPath(paperId))}`} title={`${label}. Sign in to upvote`} aria-label={`${label}. Sign in to upvote`}>
        {inner}
      </a>
    );
  }
  const on = voted ?? currentVotedPapers().has(paperId);
  const action = `${paperPath(paperId)}/upvote`;
  return (
    <form class="vote-form" method="post" action={action} hx-post={action} hx-swap="outerHTML" hx-target="this">
      <input type="hidden" name="_csrf" value={currentCsrf()} />
      <input type="hidden" name="vote" value={on ? 'off' : 'on'} />
      {large ? <input type="hidden" name="size" value="lg" /> : null}
      <button type="submit" class={`${cls}${on ? ' vote-on' : ''}`} aria-pressed={on ? 'true' : 'false'} title={on ? `${label}. You upvoted; press to take it back` : `${label}. Press to upvote`}>
        {inner}
        <span class="sr-only">{on ? `, ${label}; you upvoted it` : `, ${label}; upvote`}</span>
      </button>
    </form>
  );
}
