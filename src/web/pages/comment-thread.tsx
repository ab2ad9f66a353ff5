/** @jsxImportSource hono/jsx */
/**
 * The discussion under a paper (`#comments`): the thread, a form to comment
 * (signed in) or a link to sign in. Every action is a plain form (reply and
 * edit open in a <details>), so all of it works without JavaScript.
 *
 * Anonymous pages are cached and shared: for them this renders no form, no
 * token and nothing about the visitor. Signed-in pages are rendered per viewer.
 */
import { raw } from 'hono/html';
import type { Viewer } from '../../app/types.ts';
import { MAX_COMMENT_LENGTH, type ShownComment, type Thread, type ThreadEntry } from '../../app/types.ts';
import { currentCsrf, currentViewer } from '../auth/request-scope.ts';
import { renderCommentMarkdown } from '../render/comment-markdown.ts';
import { Avatar } from './avatar.tsx';
import { formatInstant, plural } from './format.ts';
import { paperPath, profilePath } from './paths.ts';
import { Notice } from './notice.tsx';

/** What someone typed, sent back with a message when it was refused. */
export interface CommentDraft {
  /** the comment replied to; null: a new top-level comment */
  readonly parentId: number | null;
  readonly body: string;
  readonly error: string;
}

export const commentAnchor = (id: number) => `c-${id}`;

export function CommentThread({ thread, paperId, count, draft }: { thread: Thread; paperId: string; count: number; draft?: CommentDraft | undefined }) {
  const viewer = currentViewer();
  const action = `${paperPath(paperId)}/comments`;
  const imported = count - thread.visibleCount;
  return (
    <section class="discussion" id="comments" aria-labelledby="comments-h">
      <h2 id="comments-h">
        Discussion <span class="muted">({plural(count, 'comment')})</span>
      </h2>
      {imported > 0 ? (
        <p class="muted small">
          {plural(imported, 'comment')} {imported === 1 ? 'was' : 'were'} made on the upstream Daily Papers page and {imported === 1 ? 'is' : 'are'} counted here, not copied.
        </p>
      ) : null}
      {viewer ? (
        <CommentForm action={action} parentId={null} label="Add a comment" draft={draft?.parentId === null ? draft : undefined} />
      ) : (
        <p class="comment-signin">
          <a class="button" href={`/signin?next=${encodeURIComponent(`${paperPath(paperId)}#comments`)}`}>
            Sign in to comment
          </a>
        </p>
      )}
      {draft && draft.parentId !== null ? (
        <p class="notice error" role="alert">
          Your reply was not posted: {draft.error} <a href={`#${commentAnchor(draft.parentId)}`}>Back to the comment</a>
        </p>
      ) : null}
      {thread.entries.length === 0 ? (
        <p class="muted empty-thread">No comments here yet{viewer ? ': start the discussion.' : '.'}</p>
      ) : (
        <ol class="comment-list">
          {thread.entries.map((e) => (
            <CommentItem entry={e} viewer={viewer} action={action} mentionable={thread.mentionable} draft={draft?.parentId === e.comment.id ? draft : undefined} />
          ))}
        </ol>
      )}
    </section>
  );
}

function CommentItem({ entry, viewer, action, mentionable, draft }: { entry: ThreadEntry<ShownComment>; viewer: Viewer | null; action: string; mentionable: ReadonlySet<string>; draft: CommentDraft | undefined }) {
  const c = entry.comment;
  const depthClass = `comment depth-${entry.depth}`;
  if (c.state === 'deleted' || (c.state === 'hidden' && !viewer?.isAdmin)) {
    return (
      <li class={`${depthClass} comment-gone`} id={commentAnchor(c.id)}>
        <p class="comment-placeholder">{c.state === 'deleted' ? '[deleted]' : '[hidden by a moderator]'}</p>
      </li>
    );
  }
  const mine = viewer !== null && viewer.id === c.author.id;
  const name = c.author.fullname ?? c.author.username;
  return (
    <li class={c.state === 'hidden' ? `${depthClass} comment-hidden` : depthClass} id={commentAnchor(c.id)}>
      <article aria-label={`Comment by ${c.author.username}`}>
        <header class="comment-head">
          <Avatar name={name} size="sm" />
          <a class="comment-author" href={profilePath(c.author.username)}>
            {c.author.username}
          </a>
          {mine ? <span class="chip chip-you">you</span> : null}
          <a class="comment-time muted" href={`#${commentAnchor(c.id)}`}>
            <time datetime={c.createdAt}>{formatInstant(c.createdAt)}</time>
          </a>
          {c.editedAt ? (
            <span class="muted" title={`edited ${formatInstant(c.editedAt)}`}>
              · edited
            </span>
          ) : null}
          {entry.replyingTo ? <span class="muted">· replying to @{entry.replyingTo}</span> : null}
          {c.state === 'hidden' ? <span class="chip chip-hidden">hidden{c.hiddenBy ? ` by @${c.hiddenBy}` : ''}: only admins see this</span> : null}
        </header>
        <div class="comment-body">{raw(renderCommentMarkdown(c.bodyMarkdown, mentionable))}</div>
        {viewer ? (
          <div class="comment-actions">
            {c.state === 'visible' ? (
              <details class="comment-reply" open={draft !== undefined}>
                <summary>Reply</summary>
                <CommentForm action={action} parentId={c.id} label={`Reply to ${c.author.username}`} draft={draft} />
              </details>
            ) : null}
            {mine && c.state === 'visible' ? (
              <details class="comment-edit">
                <summary>Edit</summary>
                <form method="post" action={`/comments/${c.id}/edit`} class="comment-form">
                  <input type="hidden" name="_csrf" value={currentCsrf()} />
                  <label class="sr-only" for={`edit-${c.id}`}>
                    Edit your comment
                  </label>
                  <textarea id={`edit-${c.id}`} name="body" rows={4} maxlength={MAX_COMMENT_LENGTH} required>
                    {c.bodyMarkdown}
                  </textarea>
                  <button class="button primary small" type="submit">
                    Save
                  </button>
                </form>
              </details>
            ) : null}
            {mine ? (
              <details class="comment-delete">
                <summary>Delete</summary>
                <form method="post" action={`/comments/${c.id}/delete`} class="inline-form">
                  <input type="hidden" name="_csrf" value={currentCsrf()} />
                  <span>Delete this comment for good?</span>{' '}
                  <button class="button small danger" type="submit">
                    Delete
                  </button>
                </form>
              </details>
            ) : null}
            {viewer.isAdmin ? (
              <form method="post" action={`/comments/${c.id}/${c.state === 'hidden' ? 'unhide' : 'hide'}`} class="inline-form">
                <input type="hidden" name="_csrf" value={currentCsrf()} />
                <button class="link-button" type="submit">
                  {c.state === 'hidden' ? 'Unhide' : 'Hide'}
                </button>
              </form>
            ) : null}
          </div>
        ) : null}
      </article>
    </li>
  );
}

export function CommentForm({ action, parentId, label, draft, body }: { action: string; parentId: number | null; label: string; draft?: CommentDraft | undefined; body?: string }) {
  const id = parentId === null ? 'comment-new' : `reply-${parentId}`;
  return (
    <form method="post" action={action} class="comment-form">
      <input type="hidden" name="_csrf" value={currentCsrf()} />
      {parentId !== null ? <input type="hidden" name="parent" value={String(parentId)} /> : null}
      <label for={id} class={parentId === null ? 'comment-label' : 'sr-only'}>
        {label}
      </label>
      <Notice kind="error" message={draft?.error} />
      <textarea id={id} name="body" rows={parentId === null ? 4 : 3} maxlength={MAX_COMMENT_LENGTH} required placeholder={parentId === null ? 'Share a thought, a question, a related result…' : ''}>
        {draft?.body ?? body ?? ''}
      </textarea>
      <div class="comment-form-foot">
        <span class="muted small">
          Markdown: **bold**, _italic_, `code`, [link](https://…), @name. No HTML or images.
        </span>
        <button class="button primary small" type="submit">
          {parentId === null ? 'Comment' : 'Reply'}
        </button>
      </div>
    </form>
  );
}
