/** @jsxImportSource hono/jsx */
/** `/about/ranking`: how pages order papers, the trending formula with its constants, and how imported and local votes combine. */
import { FOR_YOU } from '../../domain/for-you.ts';
import { raw } from 'hono/html';
import { UPSTREAM_NAME } from '../../domain/community.ts';
import { TRENDING } from '../../domain/trending.ts';
import { renderMathText } from '../render/math-text.ts';
import { Layout } from './layout.tsx';
import { RANKING_PATH, TRENDING_PATH } from './trending-page.tsx';

const { gravity: G, commentWeight: C, offsetHours: H, windowDays: W } = TRENDING;

/** How much more a paper listed one day earlier needs, at noon, to rank level with today's (ages 12 h and 36 h). */
const DAY_HANDICAP = ((36 + H) / (12 + H)) ** G;

export function RankingPage({ baseUrl }: { baseUrl: string }) {
  const formula = `$$\\text{score} = \\frac{\\text{upvotes} + ${C}\\cdot\\text{comments}}{(\\text{age in hours} + ${H})^{${G}}}$$`;
  return (
    <Layout title="How papers are ranked" description="How Paperboy orders the daily, weekly, monthly and trending pages, and how its votes add to Daily Papers' own." canonical={`${baseUrl}${RANKING_PATH}`}>
      <article class="prose">
        <p class="eyebrow">About</p>
        <h1 class="listing-title">How papers are ranked</h1>

        <section>
          <h2>Upvotes: on {UPSTREAM_NAME} and here</h2>
          <p>
            Papers imported from {UPSTREAM_NAME} arrive with the upvotes and comments they gathered there. Votes and comments cast on this instance are kept
            apart from those, one vote per person per paper, and never overwrite them: a new import can raise the {UPSTREAM_NAME} count, never touch ours.
          </p>
          <p>
            The number shown and used for ranking is the <strong>sum</strong> of the two. Hover over a vote box (or listen to it with a screen reader) to
            hear both parts, for example <q>12 upvotes · 10 on {UPSTREAM_NAME}, 2 here</q>; a paper's page says them under its count. The two are voters of
            different sites, so adding them is the honest total; someone who voted in both places counts twice, which we cannot know.
          </p>
          <p>
            The JSON API answers in {UPSTREAM_NAME}' own shape with the total in <code>paper.upvotes</code> and <code>numComments</code>, and adds{' '}
            <code>paper.upvoteParts</code> <code>{'{imported, local}'}</code> for clients that want the parts.
          </p>
        </section>

        <section>
          <h2>Daily, weekly and monthly pages</h2>
          <p>
            Most upvotes first (the total above). Ties go to the paper listed later, then to the newest submission, as on {UPSTREAM_NAME}. A week or a
            month is a top list over its days; a paper listed on several of them appears once.
          </p>
        </section>

        <section>
          <h2>
            <a href={TRENDING_PATH}>Trending</a>
          </h2>
          <p>Trending mixes votes with age, in the manner of Hacker News and Lobsters: a paper rises with votes and sinks as it gets older.</p>
          <div class="formula">{raw(renderMathText(formula))}</div>
          <ul>
            <li>
              <strong>upvotes</strong> and <strong>comments</strong>: the totals, {UPSTREAM_NAME}' and ours; a comment weighs {C} of a vote.
            </li>
            <li>
              <strong>age</strong>: hours since the paper was listed on its day's page (the start of that day when the source gives no time), plus {H} so
              that a paper listed a moment ago is not divided by almost nothing.
            </li>
            <li>
              <strong>gravity {G}</strong>: how fast age pulls a paper down. A paper listed a day earlier needs about {DAY_HANDICAP.toFixed(1)}× the votes to
              rank level at noon.
            </li>
            <li>
              Only papers listed in the last <strong>{W} days</strong> take part; ties go to more upvotes, then the newer listing.
            </li>
            <li>
              The age is counted to now, but never past the end of the newest day with papers: over a weekend, or on an instance that has stopped
              gathering papers, the list stays as it stood at the end of that day instead of emptying.
            </li>
          </ul>
          <p>
            Why {G}: papers arrive in one batch a day, not one by one as on Hacker News. Measured over 580 recorded days of {UPSTREAM_NAME}, Hacker News'
            gravity of 1.8 makes trending little more than the day's top list (84% the same papers at noon), while 1.2 or less keeps last week's hits near
            the top for days. At {G} the list is mostly today's papers, with yesterday's big ones still among the first ten.
          </p>
          <p>
            The same order is served as JSON by <a href="/api/daily_papers?sort=trending">/api/daily_papers?sort=trending</a> (with <code>p</code> and{' '}
            <code>limit</code>). Pages are recomputed when votes or papers change, and at least once an hour.
          </p>
        </section>

        <section id="for-you">
          <h2>
            <a href="/papers/for-you">Papers for you</a>
          </h2>
          <p>
            Signed in, you get a ranking of your own, learned from what you upvote. Every paper here has a vector that places it by meaning (the same
            ones search uses). Your taste is the average of the vectors of the papers you upvoted, each upvote counting half as much every{' '}
            {FOR_YOU.halfLifeDays} days, so it follows what you read now. The papers listed in the last {FOR_YOU.windowDays} days that you have not upvoted
            are ranked by how close they are to it (cosine similarity), plus {FOR_YOU.popularity} × ln(1 + upvotes), so that among papers equally close to
            your taste the ones others liked come first. Each shows the paper you upvoted that is closest to it. Your upvotes shape only your page.
          </p>
        </section>
      </article>
    </Layout>
  );
}
