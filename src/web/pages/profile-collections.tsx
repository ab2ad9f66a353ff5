/** @jsxImportSource hono/jsx */
/** The profile page's "Collections" (public ones) and "Claimed papers" sections. */
import { raw } from 'hono/html';
import { renderMathText } from '../render/math-text.ts';
import type { ClaimedPaper, Collection } from '../../app/types.ts';
import { CollectionList } from './collections-page.tsx';
import { plural } from './format.ts';
import { authorPath, paperPath } from './paths.ts';

export function ProfileCollections({ collections }: { collections: readonly Collection[] }) {
  if (collections.length === 0) return null;
  return (
    <section class="profile-section" aria-labelledby="collections-h">
      <h2 id="collections-h">Collections ({plural(collections.length, 'collection')})</h2>
      <CollectionList collections={collections} />
    </section>
  );
}

export function ProfileClaimedPapers({ papers }: { papers: readonly ClaimedPaper[] }) {
  if (papers.length === 0) return null;
  return (
    <section class="profile-section" aria-labelledby="claimed-h">
      <h2 id="claimed-h">Claimed papers ({plural(papers.length, 'paper')})</h2>
      <ul class="claimed-list">
        {papers.map(({ paper, authorName }) => (
          <li>
            <a class="claimed-title" href={paperPath(paper.id)}>
              {raw(renderMathText(paper.title))}
            </a>{' '}
            <span class="muted">
              as <a href={authorPath(authorName)}>{authorName}</a>
              {paper.publishedAt ? ` · ${paper.publishedAt.slice(0, 4)}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
