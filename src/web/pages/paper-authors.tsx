/** @jsxImportSource hono/jsx */
/**
 * The author names of a paper page, each a link to its author page, with a
 * "✓ @username" badge by the names an administrator confirmed an account for.
 */
import { authorNameKey } from '../../domain/author-name.ts';
import type { Author } from '../../domain/paper.ts';
import { plural } from './format.ts';
import { currentPaperExtras } from './paper-extras.ts';
import { authorPath, hasAuthorPath, profilePath } from './paths.ts';

const AUTHORS_SHOWN = 12;

export function PaperAuthors({ authors }: { authors: readonly Author[] }) {
  const claimed = new Map(currentPaperExtras().claimed.map((c) => [c.nameKey, c.username]));
  const shown = authors.slice(0, AUTHORS_SHOWN);
  const more = authors.slice(AUTHORS_SHOWN);
  const name = (a: Author) => <AuthorName author={a} claimedBy={claimed.get(authorNameKey(a.name))} />;
  return (
    <div class="authors">
      {shown.map((a, i) => (
        <>
          {name(a)}
          {i < shown.length - 1 ? ', ' : ''}
        </>
      ))}
      {more.length > 0 ? (
        <details class="more-authors">
          <summary>
            <span class="when-closed">and {plural(more.length, 'more author')}</span>
            <span class="when-open" title="Show fewer authors">
              and<span class="sr-only"> (show fewer authors)</span>
            </span>
          </summary>
          {more.map((a, i) => (
            <>
              {i > 0 ? ', ' : ''}
              {name(a)}
            </>
          ))}
        </details>
      ) : null}
    </div>
  );
}

function AuthorName({ author, claimedBy }: { author: Author; claimedBy: string | undefined }) {
  if (!authorNameKey(author.name) || !hasAuthorPath(author.name)) return <span class="author">{author.name}</span>;
  return (
    <span class="author">
      <a class="author-link" href={authorPath(author.name)}>
        {author.name}
      </a>
      {claimedBy ? (
        <a class="claimed-badge" href={profilePath(claimedBy)} title={`Confirmed: this author is @${claimedBy} here`}>
          ✓ @{claimedBy}
        </a>
      ) : null}
    </span>
  );
}
