/** @jsxImportSource hono/jsx */
/** `/collections`: your collections, and a form to start one. */
import type { Collection } from '../../app/types.ts';
import { MAX_COLLECTIONS_PER_USER } from '../../domain/collection.ts';
import { currentCsrf } from '../auth/request-scope.ts';
import { CollectionFormFields, type CollectionFields } from './collection-form.tsx';
import { formatInstant, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { collectionPath } from './paths.ts';
import { Notice } from './notice.tsx';

export interface CollectionsPageProps {
  readonly collections: readonly Collection[];
  readonly error?: string;
  readonly notice?: string;
  readonly typed?: CollectionFields;
}

export function CollectionsPage({ collections, error, notice, typed }: CollectionsPageProps) {
  return (
    <Layout title="Your collections" noindex>
      <header class="listing-head">
        <div>
          <p class="eyebrow">Collections</p>
          <h1 class="listing-title">Your collections</h1>
          <p class="muted">Lists of papers you keep: private for yourself, or public to share. Add papers from any paper page.</p>
        </div>
      </header>
      <Notice kind="ok" message={notice} />
      <Notice kind="error" message={error} />
      <div class="collections-layout">
        <section aria-labelledby="mine-h">
          <h2 id="mine-h" class="sr-only">
            Your collections
          </h2>
          {collections.length === 0 ? (
            <div class="empty-day">
              <p>You have no collections yet. Start one with the form, or from the “Add to collection” box on any paper page.</p>
            </div>
          ) : (
            <CollectionList collections={collections} />
          )}
        </section>
        <section class="panel" aria-labelledby="new-h">
          <h2 id="new-h">New collection</h2>
          {collections.length >= MAX_COLLECTIONS_PER_USER ? (
            <p class="muted">You have {MAX_COLLECTIONS_PER_USER} collections, the most one account may have.</p>
          ) : (
            <form method="post" action="/collections">
              <input type="hidden" name="_csrf" value={currentCsrf()} />
              <CollectionFormFields idPrefix="new" values={typed ?? { title: '', description: '', isPublic: false }} />
              <button class="button primary" type="submit">
                Create collection
              </button>
            </form>
          )}
        </section>
      </div>
    </Layout>
  );
}

/** One collection as a line in a list: title, visibility, how many papers, a bit of its description. */
/** Collections, one summary each (your page and a person's profile). */
export function CollectionList({ collections }: { collections: readonly Collection[] }) {
  return (
    <ul class="collection-list">
      {collections.map((c) => (
        <li>
          <CollectionSummary collection={c} />
        </li>
      ))}
    </ul>
  );
}

export function CollectionSummary({ collection: c, showOwner }: { collection: Collection; showOwner?: boolean }) {
  return (
    <article class="collection-item">
      <h3 class="collection-item-title">
        <a href={collectionPath(c)}>{c.title}</a>
        {c.isPublic ? null : <span class="chip private-chip">Private</span>}
      </h3>
      <p class="muted collection-item-meta">
        {plural(c.paperCount, 'paper')}
        {showOwner ? ` · by @${c.ownerUsername}` : ''} · updated {formatInstant(c.updatedAt)}
      </p>
      {c.description ? <p class="collection-item-desc">{c.description.length > 240 ? `${c.description.slice(0, 239)}…` : c.description}</p> : null}
    </article>
  );
}
