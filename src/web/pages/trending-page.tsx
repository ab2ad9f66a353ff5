/** @jsxImportSource hono/jsx */
/** `/papers/trending`: the papers of the last days, ranked by votes and comments with a time decay. */
import { TRENDING } from '../../domain/trending.ts';
import type { TrendingView } from '../../app/types.ts';
import { formatDay, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { Pager } from './pager.tsx';
import { listedCard, PaperCard } from './paper-card.tsx';
import { TRENDING_FEED_PATH } from './paths.ts';

export const TRENDING_PATH = '/papers/trending';
export const RANKING_PATH = '/about/ranking';

export interface TrendingPageProps {
  readonly view: TrendingView;
  readonly baseUrl: string;
  /** when the page was rendered: a clock earlier than this is said on the page */
  readonly now: Date;
}

/** Scores are small fractions: three significant digits say enough to compare neighbours. */
function scoreText(score: number): string {
  return score >= 100 ? score.toFixed(0) : score.toPrecision(3);
}

export function TrendingPage({ view, baseUrl, now }: TrendingPageProps) {
  const { papers, total, page, pageSize, clock } = view;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pageHref = (p: number) => `${TRENDING_PATH}${p > 0 ? `?page=${p + 1}` : ''}`;
  const stopped = new Date(clock).getTime() < now.getTime() - 60_000;
  return (
    <Layout
      title="Trending papers"
      description={`The papers of the last ${TRENDING.windowDays} days ranked by votes and comments, newer ones first.`}
      canonical={`${baseUrl}${pageHref(page)}`}
      noindex={total === 0}
      section="trending"
      feeds={[{ title: 'Paperboy: trending papers', href: TRENDING_FEED_PATH }]}
    >
      <div class="listing-head">
        <div>
          <p class="eyebrow">Trending</p>
          <h1 class="listing-title">Trending papers</h1>
          <p class="muted">
            {total > 0 ? `${plural(total, 'paper')} of the last ${TRENDING.windowDays} days` : 'Nothing listed in the last days'}, ranked by upvotes and comments
            with a time decay: a newer paper needs fewer votes to rise. <a href={RANKING_PATH}>How the ranking works</a> ·{' '}
            <a href={TRENDING_FEED_PATH}>Atom feed</a>
          </p>
          {stopped ? (
            <p class="muted listing-note">
              As of the end of {formatDay(new Date(new Date(clock).getTime() - 1).toISOString().slice(0, 10), true)}, the newest day with papers here: the
              list stays as it stood then until new papers arrive.
            </p>
          ) : null}
        </div>
      </div>
      {papers.length === 0 ? (
        <section class="empty-day">
          <h2>No trending papers yet</h2>
          <p>Trending ranks the papers listed in the last {TRENDING.windowDays} days, and none are listed here yet.</p>
          <p class="empty-links">
            <a class="button" href="/">
              Daily papers
            </a>
          </p>
        </section>
      ) : (
        <ol class="paper-list" start={page * pageSize + 1}>
          {papers.map((item, i) => (
            <li>
              <PaperCard info={listedCard(item)} rank={page * pageSize + i + 1} facts={` · listed ${formatDay(item.listing.day)} · score ${scoreText(item.score)}`} />
            </li>
          ))}
        </ol>
      )}
      <Pager page={page} pages={pages} href={pageHref} />
    </Layout>
  );
}
