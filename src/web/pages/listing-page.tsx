/** @jsxImportSource hono/jsx */
import { periodContaining, periodTitle, type Period, type PeriodKind } from '../../domain/period.ts';
import type { ListingView } from '../../app/types.ts';
import { formatDay, formatInstant, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { Pager } from './pager.tsx';
import { listedCard, PaperCard } from './paper-card.tsx';
import { periodPath } from './paths.ts';

const KIND_NOUN: Record<PeriodKind, string> = { day: 'day', week: 'week', month: 'month' };
const SECTION = { day: 'daily', week: 'weekly', month: 'monthly' } as const;

function shortLabel(p: Period): string {
  if (p.kind === 'day') return formatDay(p.start, true);
  if (p.kind === 'week') return `Week ${Number(p.label.slice(6))}, ${p.label.slice(0, 4)}`;
  return periodTitle(p);
}

export interface ListingPageProps {
  readonly view: ListingView;
  readonly baseUrl: string;
  readonly isHome: boolean;
  /** today (UTC, YYYY-MM-DD): a period after it is in the future */
  readonly today: string;
  /** when the instance last gathered papers (home page), null when it never has */
  readonly gatheredAt?: string | null;
}

export function ListingPage({ view, baseUrl, isHome, today, gatheredAt = null }: ListingPageProps) {
  const { period, papers, total, page, pageSize, previous, next } = view;
  const future = period.start > today;
  const noun = KIND_NOUN[period.kind];
  const title = periodTitle(period);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const heading = period.kind === 'day' ? `Daily Papers` : period.kind === 'week' ? 'Papers of the week' : 'Papers of the month';
  const pageHref = (p: number) => `${periodPath(period)}${p > 0 ? `?page=${p + 1}` : ''}`;
  return (
    <Layout
      title={isHome ? 'Paperboy' : `${heading} — ${title}`}
      description={`${plural(total, 'paper')} listed ${period.kind === 'day' ? 'on' : 'in'} ${title}.`}
      canonical={`${baseUrl}${pageHref(page)}`}
      noindex={total === 0}
      section={SECTION[period.kind]}
    >
      <div class="listing-head">
        <div>
          <p class="eyebrow">{heading}</p>
          <h1 class="listing-title">{title}</h1>
          <p class="muted">{total > 0 ? `${plural(total, 'paper')}, most upvoted first` : future ? `This ${noun} is in the future` : `No papers this ${noun}`}</p>
          {isHome ? (
            <p class="muted listing-note">
              {total > 0 ? (period.start === today ? 'Today’s papers.' : `The newest day with papers here (today is ${formatDay(today)}).`) : 'No papers have been listed here yet.'}
              {gatheredAt ? ` Papers were last gathered ${formatInstant(gatheredAt)}.` : ''}
            </p>
          ) : null}
        </div>
        <div class="period-tabs" role="group" aria-label="View by">
          {(['day', 'week', 'month'] as const).map((k) => (
            <a href={periodPath(periodContaining(k, period.kind === 'day' ? period.start : (papers[0]?.listing.day ?? period.start)))} aria-current={k === period.kind ? 'true' : undefined}>
              {k === 'day' ? 'Day' : k === 'week' ? 'Week' : 'Month'}
            </a>
          ))}
        </div>
      </div>
      <PeriodNav previous={previous} next={next} />
      {papers.length === 0 ? (
        <section class="empty-day">
          <h2>{future ? `This ${noun} has not happened yet` : `Nothing listed ${period.kind === 'day' ? 'on this day' : `this ${noun}`}`}</h2>
          <p>
            {future
              ? `${title} is in the future: papers are listed here once they are announced.`
              : period.kind === 'day'
                ? 'Papers are listed on weekdays; weekends and holidays are quiet.'
                : 'No papers were listed in this period.'}{' '}
            {previous || next ? (
              'The nearest listings:'
            ) : (
              <>
                Import papers with <code>paperboy import FILE</code> to fill this page.
              </>
            )}
          </p>
          <p class="empty-links">
            {previous ? (
              <a class="button" href={periodPath(previous)}>
                ← {shortLabel(previous)}
              </a>
            ) : null}
            {next ? (
              <a class="button" href={periodPath(next)}>
                {shortLabel(next)} →
              </a>
            ) : null}
          </p>
        </section>
      ) : (
        <ol class="paper-list" start={page * pageSize + 1}>
          {papers.map((item, i) => (
            <li>
              <PaperCard info={listedCard(item, view.thumbnails.get(item.paper.id) ?? null)} rank={page * pageSize + i + 1} />
            </li>
          ))}
        </ol>
      )}
      <Pager page={page} pages={pages} href={pageHref} />
      {papers.length > 0 ? <PeriodNav previous={previous} next={next} bottom /> : null}
    </Layout>
  );
}

/** The top one carries rel=prev/next (one of each per page, as the link relations intend). */
function PeriodNav({ previous, next, bottom }: { previous: Period | null; next: Period | null; bottom?: boolean }) {
  return (
    <nav class={bottom ? 'period-nav period-nav-bottom' : 'period-nav'} aria-label={bottom ? 'Nearby periods (bottom)' : 'Nearby periods'}>
      {previous ? (
        <a rel={bottom ? undefined : 'prev'} href={periodPath(previous)}>
          ← {shortLabel(previous)}
        </a>
      ) : (
        <span class="disabled">← Earlier</span>
      )}
      {next ? (
        <a rel={bottom ? undefined : 'next'} href={periodPath(next)}>
          {shortLabel(next)} →
        </a>
      ) : (
        <span class="disabled">Later →</span>
      )}
    </nav>
  );
}
