/** @jsxImportSource hono/jsx */
/** `/papers/submit`: put an arXiv paper on today's page. */
import type { SubmissionQuota } from '../../app/types.ts';
import { dayPeriod } from '../../domain/period.ts';
import { MAX_SUBMIT_INPUT, SUBMISSIONS_PER_DAY } from '../../domain/submission.ts';
import { currentCsrf } from '../auth/request-scope.ts';
import { formatDay, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { paperPath, periodPath } from './paths.ts';
import { Notice } from './notice.tsx';

export interface SubmitPageProps {
  readonly today: string;
  readonly quota: SubmissionQuota;
  /** what was typed, when the form comes back */
  readonly typed?: string;
  readonly error?: string;
  /** the paper is already listed: nothing was written */
  readonly duplicate?: { readonly paperId: string; readonly day: string };
}

export function SubmitPage({ today, quota, typed = '', error, duplicate }: SubmitPageProps) {
  return (
    <Layout title="Submit a paper" noindex>
      <section class="panel narrow submit-panel">
        <h1>Submit a paper</h1>
        <p>
          Found a paper others here should read? Submit it and it joins <a href={periodPath(dayPeriod(today))}>today’s papers</a> ({formatDay(today)}), with
          your name as its submitter.
        </p>
        {duplicate ? (
          <div class="notice" role="status">
            <p>
              <strong>Already listed</strong> on{' '}
              <a href={periodPath(dayPeriod(duplicate.day))}>
                <time datetime={duplicate.day}>{formatDay(duplicate.day)}</time>
              </a>
              , so it was not listed again.
            </p>
            <p>
              <a href={paperPath(duplicate.paperId)}>Open the paper ({duplicate.paperId}) →</a>
            </p>
          </div>
        ) : null}
        <Notice kind="error" message={error} />
        <form method="post" action="/papers/submit">
          <input type="hidden" name="_csrf" value={currentCsrf()} />
          <div class="form-row">
            <label for="submit-id">arXiv id or link</label>
            <input
              class="field"
              id="submit-id"
              name="arxivId"
              required
              maxlength={MAX_SUBMIT_INPUT}
              value={typed}
              placeholder="2608.12345 or https://arxiv.org/abs/2608.12345"
              autocomplete="off"
              spellcheck={false}
              autofocus
            />
            <span class="hint">
              An id (<code>2608.12345</code>, <code>arXiv:2608.12345v2</code>, <code>hep-th/9901001</code>) or a link to the paper on arxiv.org (abs or pdf) or
              huggingface.co/papers.
            </span>
          </div>
          <div class="submit-actions">
            <button class="button primary" type="submit" disabled={quota.left === 0}>
              Submit to today’s papers
            </button>
            <span class="muted quota">
              {quota.left === null
                ? 'No daily limit for administrators.'
                : quota.left === 0
                  ? `You have used all ${SUBMISSIONS_PER_DAY} of today’s submissions; more tomorrow (UTC).`
                  : `${plural(quota.left, 'submission')} left today (of ${quota.perDay}).`}
            </span>
          </div>
        </form>
        <h2 class="submit-how">What happens</h2>
        <ol class="submit-steps">
          <li>If the paper is here already, it is used as it is; otherwise its title, authors and abstract are fetched from arXiv (this can take a few seconds).</li>
          <li>
            It is listed on today’s page, “Submitted by” you. A paper already listed on any day is not listed again: you get a link to where it is.
          </li>
          <li>You can then add its code repository and project page on the paper’s page.</li>
        </ol>
        <p class="muted small-print">Each account may submit {SUBMISSIONS_PER_DAY} papers a day (days are UTC).</p>
      </section>
    </Layout>
  );
}
