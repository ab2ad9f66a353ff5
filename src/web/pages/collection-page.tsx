/** @jsxImportSource hono/jsx */
/** `/collections/{id}-{slug}`: one collection and its papers; its owner also gets the edit and remove controls. */
import type { CollectionView } from '../../app/types.ts';
import { currentCsrf } from '../auth/request-scope.ts';
import { detailCard } from './detail-card.ts';
import { formatInstant, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { PaperCard } from './paper-card.tsx';
import { collectionPath, profilePath } from './paths.ts';
import { Notice } from './notice.tsx';

export function CollectionPage({ view, baseUrl, notice }: { view: CollectionView; baseUrl: string; notice?: string }) {
  const { collection: c, papers, isOwner } = view;
  const csrf = isOwner ? currentCsrf() : '';
  return (
    <Layout title={c.title} description={c.description.slice(0, 200) || `A collection of papers by @${c.ownerUsername}`} canonical={`${baseUrl}${collectionPath(c)}`} noindex={!c.isPublic}>
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href={profilePath(c.ownerUsername)}>@{c.ownerUsername}</a>
        <span aria-hidden="true"> › </span>
        {isOwner ? <a href="/collections">Collections</a> : <span>Collections</span>}
      </nav>
      <header class="collection-head">
        <div class="collection-head-main">
          <p class="eyebrow">
            {c.isPublic ? 'Public collection' : 'Private collection'} · {plural(c.paperCount, 'paper')}
          </p>
          <h1 class="listing-title">{c.title}</h1>
          {c.description ? <p class="collection-description">{c.description}</p> : null}
          <p class="muted">
            By <a href={profilePath(c.ownerUsername)}>@{c.ownerUsername}</a> · updated {formatInstant(c.updatedAt)}
          </p>
        </div>
        {isOwner ? (
          <div class="collection-actions">
            <a class="button small" href={`/collections/${c.id}/edit`}>
              Edit
            </a>
          </div>
        ) : null}
      </header>
      <Notice kind="ok" message={notice} />
      {papers.length === 0 ? (
        <div class="empty-day">
          <p>{isOwner ? 'No papers yet. Open any paper and use “Add to collection”.' : 'No papers in this collection yet.'}</p>
        </div>
      ) : (
        <ol class="paper-list">
          {papers.map((p, i) => (
            <li class="collection-entry">
              <PaperCard info={detailCard(p.detail)} rank={i + 1} facts={` · added ${formatInstant(p.addedAt)}`} />
              {p.note || isOwner ? (
                <div class="entry-foot">
                  {p.note ? <p class="entry-note">{p.note}</p> : <span />}
                  {isOwner ? (
                    <form method="post" action={`/collections/${c.id}/remove`} class="inline-form">
                      <input type="hidden" name="_csrf" value={csrf} />
                      <input type="hidden" name="paper_id" value={p.detail.paper.id} />
                      <button type="submit" class="link-button">
                        Remove<span class="sr-only"> “{p.detail.paper.title}”</span>
                      </button>
                    </form>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
