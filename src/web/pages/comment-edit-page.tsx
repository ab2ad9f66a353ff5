/** @jsxImportSource hono/jsx */
/** `/comments/{id}/edit`: a page to edit your comment (the thread also offers an inline form). */
import { MAX_COMMENT_LENGTH, type ShownComment } from '../../app/types.ts';
import { currentCsrf } from '../auth/request-scope.ts';
import { commentAnchor } from './comment-thread.tsx';
import { formatInstant } from './format.ts';
import { Layout } from './layout.tsx';
import { paperPath } from './paths.ts';
import { Notice } from './notice.tsx';

export function CommentEditPage({ comment, body, error }: { comment: ShownComment; body?: string; error?: string }) {
  const back = `${paperPath(comment.paperId)}#${commentAnchor(comment.id)}`;
  return (
    <Layout title="Edit your comment" noindex>
      <section class="panel narrow">
        <h1>Edit your comment</h1>
        <p class="muted">Written {formatInstant(comment.createdAt)}. Others will see that it was edited.</p>
        <Notice kind="error" message={error} />
        <form method="post" action={`/comments/${comment.id}/edit`} class="comment-form">
          <input type="hidden" name="_csrf" value={currentCsrf()} />
          <label for="edit-body" class="comment-label">
            Your comment (markdown)
          </label>
          <textarea id="edit-body" name="body" rows={8} maxlength={MAX_COMMENT_LENGTH} required>
            {body ?? comment.bodyMarkdown}
          </textarea>
          <div class="comment-form-foot">
            <a href={back}>Cancel</a>
            <button class="button primary small" type="submit">
              Save
            </button>
          </div>
        </form>
      </section>
    </Layout>
  );
}
