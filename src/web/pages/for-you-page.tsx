/** @jsxImportSource hono/jsx */
/** `/papers/for-you`: a signed-in reader's own ranking (app/for-you.ts, domain/for-you.ts). */
import { raw } from 'hono/html';
import { FOR_YOU } from '../../domain/for-you.ts';
import { renderMathText } from '../render/math-text.ts';
import type { ForYouView } from '../../app/types.ts';
import { formatDay, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { listedCard, PaperCard } from './paper-card.tsx';
import { paperPath } from './paths.ts';

export const FOR_YOU_PATH = '/papers/for-you';

function Empty({ title, children }: { title: string; children: unknown }) {
  return (
    <section class="empty-day">
      <h2>{title}</h2>
      {children}
      <p class="empty-links">
        <a class="button" href="/papers/trending">
          Trending papers
        </a>
        <a class="button" href="/">
          Daily papers
        </a>
      </p>
    </section>
  );
}

export function ForYouPage({ view }: { view: ForYouView }) {
  return (
    <Layout title="For you" noindex>
      <div class="listing-head">
        <div>
          <p class="eyebrow">For you</p>
          <h1 class="listing-title">Papers for you</h1>
          <p class="muted">
            Papers listed from {formatDay(view.firstDay, true)} to {formatDay(view.lastDay, true)}, ranked by how close they are in meaning to the{' '}
            {view.votes > 0 ? plural(view.votes, 'paper') : 'papers'} you upvoted (recent upvotes count more), with a little weight for how many others
            upvoted them. Papers you upvoted are left out. <a href="/about/ranking#for-you">How it works</a>
          </p>
        </div>
      </div>
      {view.state === 'no-votes' ? (
        <Empty title="Nothing to learn from yet">
          <p>Upvote a few papers you like, on any page: this page then ranks the last {FOR_YOU.windowDays} days' papers for you.</p>
        </Empty>
      ) : view.state === 'no-meaning' ? (
        <Empty title="Not available on this instance yet">
          <p>This ranking compares papers by meaning, and this Paperboy has no meaning index in use yet (it is built in the background after papers arrive, or turned off).</p>
        </Empty>
      ) : view.papers.length === 0 ? (
        <Empty title="No new papers to rank">
          <p>No paper listed in the last {FOR_YOU.windowDays} days is left to rank: you upvoted all of them, or none is here yet.</p>
        </Empty>
      ) : (
        <ol class="paper-list">
          {view.papers.map((item, i) => (
            <li>
              <PaperCard
                info={listedCard(item.listed)}
                rank={i + 1}
                facts={` · listed ${formatDay(item.listed.listing.day)}`}
                note={
                  item.because ? (
                    <>
                      Because you upvoted <a href={paperPath(item.because.id)}>{raw(renderMathText(item.because.title))}</a>
                    </>
                  ) : undefined
                }
              />
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
