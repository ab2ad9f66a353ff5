/** @jsxImportSource hono/jsx */
/** `/admin`: the moderators' page. Each queue is a section component of its own. */
import type { ModerationOverview } from '../../app/types.ts';
import { currentCsrf } from '../auth/request-scope.ts';
import { PendingClaims } from './admin-claims-page.tsx';
import { excerpt, formatInstant, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { paperPath, profilePath } from './paths.ts';

export function AdminPage({ overview }: { overview: ModerationOverview }) {
  const csrf = currentCsrf();
  return (
    <Layout title="Moderation" noindex>
      <h1>Moderation</h1>
      <section class="panel" aria-labelledby="claims-h">
        <h2 id="claims-h">Authorship claims waiting ({overview.pendingClaims.length})</h2>
        <PendingClaims claims={overview.pendingClaims} />
      </section>
      <section class="panel" aria-labelledby="hidden-h">
        <h2 id="hidden-h">Hidden comments ({overview.hiddenComments.length})</h2>
        {overview.hiddenComments.length === 0 ? (
          <p class="muted">No comment is hidden.</p>
        ) : (
          <ul class="token-list">
            {overview.hiddenComments.map(({ comment, paperTitle }) => (
              <li>
                <span>
                  <a href={profilePath(comment.author.username)}>@{comment.author.username}</a> on{' '}
                  <a href={`${paperPath(comment.paperId)}#c-${comment.id}`}>{excerpt(paperTitle, 80)}</a>
                  <span class="muted">
                    {' '}
                    · hidden {comment.hiddenAt ? formatInstant(comment.hiddenAt) : ''}
                    {comment.hiddenBy ? ` by @${comment.hiddenBy}` : ''}: “{excerpt(comment.bodyMarkdown, 140)}”
                  </span>
                </span>
                <form method="post" action={`/comments/${comment.id}/unhide`} class="inline-form">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <button class="button small" type="submit">
                    Unhide
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="panel" aria-labelledby="hits-h">
        <h2 id="hits-h">Rate-limit hits, last 7 days</h2>
        {overview.rateLimitHits.length === 0 ? (
          <p class="muted">Nobody hit a limit.</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">Refused</th>
                <th scope="col">Last</th>
              </tr>
            </thead>
            <tbody>
              {overview.rateLimitHits.map((h) => (
                <tr>
                  <td>{h.bucket}</td>
                  <td>
                    <code>{h.subject}</code>
                  </td>
                  <td>{plural(h.hits, 'time')}</td>
                  <td>{formatInstant(h.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel" aria-labelledby="users-h">
        <h2 id="users-h">Accounts ({overview.accounts.length})</h2>
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {overview.accounts.map((a) => (
              <tr>
                <td>
                  <a href={profilePath(a.username)}>@{a.username}</a>
                </td>
                <td>{a.email}</td>
                <td>{a.isAdmin ? 'admin' : 'member'}</td>
                <td>{formatInstant(a.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">
          Make someone an administrator with <code>paperboy users promote EMAIL</code>.
        </p>
      </section>
    </Layout>
  );
}
