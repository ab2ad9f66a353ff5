/** @jsxImportSource hono/jsx */
/** `/collections/{id}/edit`: rename, describe, change who sees it, or delete. Owner only. */
import type { Collection } from '../../app/types.ts';
import { currentCsrf } from '../auth/request-scope.ts';
import { CollectionFormFields, type CollectionFields } from './collection-form.tsx';
import { Layout } from './layout.tsx';
import { collectionPath } from './paths.ts';
import { Notice } from './notice.tsx';

export function CollectionEditPage({ collection: c, error, typed }: { collection: Collection; error?: string; typed?: CollectionFields }) {
  const csrf = currentCsrf();
  return (
    <Layout title={`Edit ${c.title}`} noindex>
      <div class="narrow">
        <nav class="breadcrumb" aria-label="Breadcrumb">
          <a href="/collections">Collections</a>
          <span aria-hidden="true"> › </span>
          <a href={collectionPath(c)}>{c.title}</a>
        </nav>
        <h1>Edit collection</h1>
        <Notice kind="error" message={error} />
        <section class="panel">
          <form method="post" action={`/collections/${c.id}/edit`}>
            <input type="hidden" name="_csrf" value={csrf} />
            <CollectionFormFields idPrefix="edit" values={typed ?? c} />
            <div class="form-buttons">
              <button class="button primary" type="submit">
                Save
              </button>
              <a class="button" href={collectionPath(c)}>
                Cancel
              </a>
            </div>
          </form>
        </section>
        <section class="panel danger-zone" aria-labelledby="delete-h">
          <h2 id="delete-h">Delete this collection</h2>
          <p class="muted">The collection and its list go away; the papers stay on Paperboy.</p>
          <form method="post" action={`/collections/${c.id}/delete`}>
            <input type="hidden" name="_csrf" value={csrf} />
            <label class="confirm">
              <input type="checkbox" name="confirm" value="yes" required /> Yes, delete “{c.title}”
            </label>
            <button class="button danger" type="submit">
              Delete collection
            </button>
          </form>
        </section>
      </div>
    </Layout>
  );
}
