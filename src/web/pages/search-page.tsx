/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import { combineCounts } from '../../domain/community.ts';
import { authorLine, paperComments, paperUpvotes, type PaperDetail, type PaperRecord } from '../../domain/paper.ts';
import { MARK_START, type SearchResult, type SemanticStatus, type ThumbnailMeta } from '../../app/types.ts';
import { renderHighlight } from '../render/highlight.ts';
import { renderMathText } from '../render/math-text.ts';
import { formatDay, plural } from './format.ts';
import { PaperCard, type CardInfo } from './paper-card.tsx';
import { Layout } from './layout.tsx';
import { Pager } from './pager.tsx';
import { paperPath, searchFeedPath } from './paths.ts';

export interface SearchPageProps {
  readonly q: string;
  readonly result: SearchResult | null;
  readonly page: number;
  readonly pageSize: number;
  /** what was wrong with the query, shown instead of results */
  readonly error?: string;
  /** how far search by meaning has got, said when it is not complete */
  readonly meaning?: SemanticStatus;
  /**
   * listings and submitter of each hit, by paper id (the core's searchWithDetails):
   * with them a result shows its votes, comments and submitter like a listing card
   */
  readonly details?: ReadonlyMap<string, PaperDetail>;
  /** the hits' stored thumbnails, by paper id */
  readonly thumbnails?: ReadonlyMap<string, ThumbnailMeta>;
}

/** A search hit as a card: what a listing card shows, plus where the words matched. */
function hitCard(paper: PaperRecord, detail: PaperDetail | undefined, thumbnail: ThumbnailMeta | null = null): CardInfo {
  if (!detail) return { paper, upvotes: null, comments: 0, submitter: null, thumbnail };
  const parts = combineCounts(paperUpvotes(detail.listings), detail.local.upvotes);
  return {
    paper,
    // a paper never listed and never voted on here shows no vote box
    upvotes: detail.listings.length > 0 || parts.local > 0 ? parts.total : null,
    comments: paperComments(detail.listings) + detail.local.comments,
    submitter: detail.submitter,
    upvoteParts: parts,
    thumbnail,
  };
}

function hitFacts(paper: PaperRecord): string {
  return `${paper.publishedAt ? ` · ${formatDay(paper.publishedAt)}` : ''}${paper.categories.length > 0 ? ` · ${paper.categories.slice(0, 3).join(', ')}` : ''}`;
}

const Tips = () => (
  <details class="search-tips">
    <summary>Search tips</summary>
    <ul>
      <li>
        Describe the idea in your own words — <code>agents that pass knowledge down generations</code> — results match by meaning as well as by word.
      </li>
      <li>
        <code>"exact phrase"</code> keeps words together; <code>-word</code> leaves papers with that word out.
      </li>
      <li>
        <code>author:Hinton</code> or <code>author:"Geoffrey Hinton"</code>, <code>cat:cs.CL</code> (or <code>cat:cs</code>),{' '}
        <code>after:2026-01</code>, <code>before:2026-06-30</code>, <code>date:2026-01..2026-03</code>.
      </li>
    </ul>
  </details>
);

export function SearchPage({ q, result, page, pageSize, error, meaning, details, thumbnails }: SearchPageProps) {
  const href = (p: number) => `/search?q=${encodeURIComponent(q)}${p > 0 ? `&page=${p + 1}` : ''}`;
  const pages = result ? Math.ceil(result.total / pageSize) : 0;
  return (
    <Layout title={q ? `Search: ${q}` : 'Search'} noindex q={q} feeds={result && q ? [{ title: `Paperboy: “${q}”`, href: searchFeedPath(q) }] : []}>
      <div class="listing-head">
        <div>
          <p class="eyebrow">Search</p>
          <h1 class="listing-title">{q ? <>Results for “{q}”</> : 'Search papers'}</h1>
          {result ? (
            <p class="muted">
              {result.total === 0 ? 'No papers match.' : result.total >= 100 ? 'Over 100 papers, best first' : `${plural(result.total, 'paper')}, best first`}
              {result.semantic && result.total > 0 ? ' · matched by words and by meaning' : ''}
              {meaning ? meaningNote(meaning, result.semantic) : ''}
              {q ? (
                <>
                  {' · '}
                  <a href={searchFeedPath(q)} title="New papers matching this search, in your feed reader">
                    Follow in a feed reader
                  </a>
                </>
              ) : null}
            </p>
          ) : null}
        </div>
      </div>
      <form class="search-form" action="/search" method="get" role="search">
        <label class="sr-only" for="search-page-q">
          Search papers
        </label>
        <input id="search-page-q" type="search" name="q" value={q} maxlength={500} placeholder="An idea, a title, author:Name, cat:cs.AI…" />
        <button class="button primary" type="submit">
          Search
        </button>
      </form>
      {error ? (
        <section class="error-page search-error" role="alert">
          <h2>That query needs a fix</h2>
          <p>{error}</p>
        </section>
      ) : null}
      <Tips />
      {result && result.hits.length > 0 ? (
        <ol class="paper-list search-results" start={page * pageSize + 1}>
          {result.hits.map((hit, i) => (
            <li>
              <PaperCard
                info={hitCard(hit.paper, details?.get(hit.paper.id), thumbnails?.get(hit.paper.id) ?? null)}
                rank={page * pageSize + i + 1}
                class="search-hit"
                titleHtml={hit.highlight ? renderHighlight(hit.highlight.title) : undefined}
                snippetHtml={hit.highlight && hit.highlight.snippet.includes(MARK_START) ? renderHighlight(hit.highlight.snippet) : undefined}
                facts={hitFacts(hit.paper)}
              />
            </li>
          ))}
        </ol>
      ) : result && q ? (
        <section class="empty-day nothing-found">
          <h2>Nothing found</h2>
          <p>No paper here matches these words, and none is close enough in meaning.</p>
          <ul class="suggestions">
            {nothingFoundSuggestions(result.query).map((s) => (
              <li>{s}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <Pager page={page} pages={pages} href={href} />
    </Layout>
  );
}

/** What to try when nothing was found: only the suggestions that apply to this query. */
export function nothingFoundSuggestions(q: SearchResult['query']): string[] {
  const out = ['Check the spelling.'];
  if (q.words.length + q.phrases.length > 1) out.push(q.phrases.length > 0 ? 'Use fewer words, or take the quotes off a phrase.' : 'Use fewer words.');
  const filters = [
    ...q.authors.map((a) => `author:${a}`),
    ...q.categories.map((c) => `cat:${c}`),
    ...(q.from !== null ? [`after:${q.from}`] : []),
    ...(q.to !== null ? [`before:${q.to}`] : []),
    ...q.excluded.map((w) => `-${w}`),
  ];
  if (filters.length > 0) out.push(`Remove ${filters.length === 1 ? 'the filter' : 'filters'}: ${filters.join(', ')}.`);
  return out;
}

/** "Related papers" block for a paper page. */
export function RelatedPapers({ papers }: { papers: readonly { id: string; title: string; authors: readonly { name: string }[]; abstract: string }[] }) {
  if (papers.length === 0) return null;
  return (
    <section class="related" aria-labelledby="related-h">
      <h2 id="related-h">Related papers</h2>
      <ul>
        {papers.map((p) => (
          <li>
            <a href={paperPath(p.id)}>{raw(renderMathText(p.title))}</a>
            <span class="muted"> — {authorLine(p.authors, 2)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Said beside the result count while meaning is not (yet) part of every answer; nothing once it is. */
export function meaningNote(s: SemanticStatus, semantic: boolean): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  switch (s.state) {
    case 'ready':
    case 'off':
      return '';
    case 'waiting':
      return ' · by words only: too few papers yet to learn meaning from';
    case 'partial':
      if (!s.model) return ' · by words only for now: meaning is being learned from the papers';
      return semantic
        ? ` · ${n(s.embedded)} of ${n(s.papers)} papers searchable by meaning so far`
        : ` · by words only for now: ${n(s.embedded)} of ${n(s.papers)} papers indexed by meaning so far`;
  }
}
