/** @jsxImportSource hono/jsx */
/** `/authors/{name}`: the papers here by one author name (spacing and case do not matter). */
import { AUTHOR_PAGE_SIZE, type AuthorPage as AuthorPageData } from '../../app/types.ts';
import { detailCard } from './detail-card.ts';
import { formatDay, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { Pager } from './pager.tsx';
import { PaperCard } from './paper-card.tsx';
import { authorFeedPath, authorPath, profilePath } from './paths.ts';
import { Avatar } from './avatar.tsx';

export function AuthorPage({ data, baseUrl }: { data: AuthorPageData; baseUrl: string }) {
  const path = authorPath(data.name);
  const first = (data.page - 1) * AUTHOR_PAGE_SIZE;
  return (
    <Layout
      title={data.name}
      description={`${plural(data.total, 'paper')} by ${data.name} on Paperboy`}
      canonical={`${baseUrl}${path}`}
      noindex={data.total === 0}
      feeds={data.total > 0 ? [{ title: `Paperboy: papers by ${data.name}`, href: authorFeedPath(data.name) }] : []}
    >
      <header class="profile-head author-head">
        <Avatar name={data.name} size="md" />
        <div>
          <p class="eyebrow">Author</p>
          <h1>{data.name}</h1>
          <p class="muted">
            {plural(data.total, 'paper')} here
            {data.otherSpellings.length > 0 ? ` · also written ${data.otherSpellings.join(', ')}` : ''}
            {data.total > 0 ? (
              <>
                {' · '}
                <a href={authorFeedPath(data.name)} title={`New papers by ${data.name}, in your feed reader`}>
                  Follow in a feed reader
                </a>
              </>
            ) : null}
            {data.claimedBy.length > 0 ? (
              <>
                {' · '}
                {data.claimedBy.map((u, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a class="claimed-badge" href={profilePath(u)}>
                      ✓ @{u}
                    </a>
                  </>
                ))}
              </>
            ) : null}
          </p>
        </div>
      </header>
      {data.total === 0 ? (
        <div class="empty-day">
          <p>No paper here lists an author called “{data.name}”.</p>
          <p class="muted">Author pages match the name as written on papers (any spacing or case), not parts of it. Try a search instead.</p>
          <p>
            <a class="button" href={`/search?q=${encodeURIComponent(data.name)}`}>
              Search for “{data.name}”
            </a>
          </p>
        </div>
      ) : (
        <ol class="paper-list">
          {data.papers.map((d, i) => (
            <li>
              <PaperCard info={detailCard(d)} rank={first + i + 1} facts={d.paper.publishedAt ? ` · ${formatDay(d.paper.publishedAt)}` : ''} />
            </li>
          ))}
        </ol>
      )}
      <Pager page={data.page - 1} pages={data.pageCount} href={(p) => (p === 0 ? path : `${path}?page=${p + 1}`)} />
    </Layout>
  );
}
