/** @jsxImportSource hono/jsx */
/** A profile's "Comments" section: recent visible comments, each a link to its place in the thread. */
import type { ListedComment } from '../../app/types.ts';
import { renderMathText } from '../render/math-text.ts';
import { raw } from 'hono/html';
import { commentAnchor } from './comment-thread.tsx';
import { excerpt, formatInstant } from './format.ts';
import { paperPath } from './paths.ts';

/** Markdown read as plain words for a one-line excerpt: link targets, emphasis marks, quote and list markers go (the text is escaped when rendered). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]{0,3}(?:>+|[-*+]|\d+[.)]|#{1,6})\s+/gm, '')
    .replace(/(?<![\w*_`~])(\*\*|__|\*|_|`{1,3}|~~)(?=\S)([^]*?\S)\1(?![\w*_`~])/g, '$2')
    .replace(/`{3,}/g, '');
}

export function ProfileComments({ comments }: { comments: readonly ListedComment[] }) {
  return (
    <section class="profile-section" aria-labelledby="comments-h">
      <h2 id="comments-h">Recent comments</h2>
      {comments.length === 0 ? <p class="muted">No comments yet.</p> : null}
      <ol class="profile-comments">
        {comments.map(({ comment, paperTitle }) => (
          <li>
            <a class="profile-comment-text" href={`${paperPath(comment.paperId)}#${commentAnchor(comment.id)}`}>
              {excerpt(plainText(comment.bodyMarkdown), 240)}
            </a>
            <p class="muted small">
              on <a href={paperPath(comment.paperId)}>{raw(renderMathText(paperTitle))}</a> · <time datetime={comment.createdAt}>{formatInstant(comment.createdAt)}</time>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
