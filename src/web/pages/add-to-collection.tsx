/** @jsxImportSource hono/jsx */
/**
 * "Add to collection" on a paper page: which of your collections hold it, and
 * a form (works without JS) to put it in another one or in a new one.
 */
import { MAX_COLLECTION_TITLE } from '../../domain/collection.ts';
import { currentCsrf, currentPath } from '../auth/request-scope.ts';
import { currentPaperExtras } from './paper-extras.ts';
import { collectionPath } from './paths.ts';

export function AddToCollection({ paperId }: { paperId: string }) {
  const { shelf } = currentPaperExtras();
  if (!shelf) {
    return (
      <section class="shelf-box" id="collections" aria-label="Collections">
        <p class="muted">
          <a href={`/signin?next=${encodeURIComponent(currentPath())}`}>Sign in</a> to save this paper to a collection.
        </p>
      </section>
    );
  }
  const holding = new Set(shelf.holding);
  const inThem = shelf.collections.filter((c) => holding.has(c.id));
  const others = shelf.collections.filter((c) => !holding.has(c.id));
  return (
    <section class="shelf-box" id="collections" aria-labelledby="shelf-h">
      <h2 id="shelf-h">
        Collections{' '}
        <a class="shelf-manage" href="/collections">
          yours →
        </a>
      </h2>
      {inThem.length > 0 ? (
        <p class="shelf-in">
          In your{' '}
          {inThem.map((c, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={collectionPath(c)}>{c.title}</a>
              {c.isPublic ? null : <span class="muted"> (private)</span>}
            </>
          ))}
        </p>
      ) : null}
      <form method="post" action="/collections/add-paper" class="shelf-form">
        <input type="hidden" name="_csrf" value={currentCsrf()} />
        <input type="hidden" name="paper_id" value={paperId} />
        {others.length > 0 ? (
          <>
            <label class="sr-only" for="shelf-collection">
              Collection
            </label>
            <select class="field" id="shelf-collection" name="collection">
              {others.map((c) => (
                <option value={String(c.id)}>
                  {c.title}
                  {c.isPublic ? '' : ' (private)'}
                </option>
              ))}
              <option value="new">New collection (name it →)</option>
            </select>
          </>
        ) : (
          <input type="hidden" name="collection" value="new" />
        )}
        <label class="sr-only" for="shelf-new">
          New collection name
        </label>
        <input
          class="field"
          id="shelf-new"
          name="new_title"
          maxlength={MAX_COLLECTION_TITLE}
          placeholder={others.length > 0 ? 'or a new collection…' : 'New collection name'}
          required={others.length === 0}
        />
        <button class="button" type="submit">
          Add to collection
        </button>
      </form>
    </section>
  );
}
