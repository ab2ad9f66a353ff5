/** @jsxImportSource hono/jsx */
/**
 * `/admin/claims`: authorship claims waiting for an administrator. Self-contained
 * (`PendingClaims` is the part a general admin page can embed).
 */
import { raw } from 'hono/html';
import { renderMathText } from '../render/math-text.ts';
import type { AuthorClaim } from '../../app/types.ts';
import { currentCsrf } from '../auth/request-scope.ts';
import { formatInstant } from './format.ts';
import { Layout } from './layout.tsx';
import { authorPath, paperPath, profilePath } from './paths.ts';
import { Notice } from './notice.tsx';

export function AdminClaimsPage({ claims, notice }: { claims: readonly AuthorClaim[]; notice?: string }) {
  return (
    <Layout title="Authorship claims" noindex>
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href="/admin">Admin</a>
      </nav>
      <h1>Authorship claims</h1>
      <Notice kind="ok" message={notice} />
      <PendingClaims claims={claims} />
    </Layout>
  );
}

export function PendingClaims({ claims }: { claims: readonly AuthorClaim[] }) {
  if (claims.length === 0) return <p class="muted">No claims are waiting.</p>;
  const csrf = currentCsrf();
  return (
    <ul class="claim-queue">
      {claims.map((k) => (
        <li class="panel claim-item">
          <div class="claim-what">
            <p>
              <a href={profilePath(k.username)}>
                <strong>@{k.username}</strong>
              </a>{' '}
              says they are <a href={authorPath(k.authorName)}>{k.authorName}</a> on
            </p>
            <p class="claim-paper">
              <a href={paperPath(k.paperId)}>{raw(renderMathText(k.paperTitle))}</a> <span class="muted">({k.paperId})</span>
            </p>
            <p class="muted">claimed {formatInstant(k.createdAt)}</p>
          </div>
          <form method="post" action={`/admin/claims/${k.id}`} class="claim-decide">
            <input type="hidden" name="_csrf" value={csrf} />
            <button class="button primary small" type="submit" name="decision" value="approve">
              Approve
            </button>
            <button class="button small" type="submit" name="decision" value="reject">
              Reject
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}
