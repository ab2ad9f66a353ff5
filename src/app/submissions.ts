/**
 * Submitting a paper (issue 11): a signed-in person names an arXiv paper by id
 * or link; Paperboy finds it here or asks the arXiv API for it (the polite
 * ingest client: one request every 3 s to arXiv, shared with every process on
 * this database) and lists it on today's page (UTC) with them as submitter.
 *
 * Order of the checks, each refusing before anything is written:
 *   1. the input names an arXiv paper             → invalid_input (400)
 *   2. it is already listed on some day           → { duplicateOf } (nothing written)
 *   3. the account's daily limit (database count) → RateLimited until midnight UTC (429)
 *   4. the `submissions` rate bucket (memory)     → RateLimited (429)
 *   5. here, or on arXiv                          → not_found (404) / unavailable (503)
 * Then one write transaction: the fetched paper (if any) and the listing,
 * with 2 and 3 checked again inside it, so two submissions racing each other
 * can neither list a paper twice nor pass the limit together.
 *
 * After a listing is committed, the `afterSubmit` hooks run (in the
 * background: the person is not kept waiting, and a failing hook is logged, not
 * theirs to see). The thumbnail renderer plugs in there.
 */
import type { Config } from '../config.ts';
import type { Viewer } from '../domain/account.ts';
import { AppError, invalidInput, notFound, RateLimited } from '../domain/errors.ts';
import type { ListedPaper } from '../domain/paper.ts';
import { dayOf } from '../domain/period.ts';
import { describeWaitUntil, MAX_SUBMIT_INPUT, secondsUntilNextUtcDay, SUBMISSIONS_PER_DAY, SUBMIT_ID_HELP, submissionsLeft } from '../domain/submission.ts';
import { EntryWriter } from '../ingest/entry-writer.ts';
import { clientForRuns } from '../ingest/run-source.ts';
import { lookUpArxivEntry } from '../ingest/sources/arxiv-api-harvester.ts';
import { writeArxivEntries } from '../ingest/sources/write-arxiv-entries.ts';
import { pastedArxivId } from '../search/query.ts';
import { writeTransaction } from '../store/db.ts';
import { getPaperDetail } from '../store/papers-repo.ts';
import type { Store } from '../store/store.ts';
import { countSubmissionsOn, insertSubmittedListing, newestListingDay, paperExists } from '../store/submissions-repo.ts';
import type { AppLog } from './app-log.ts';
import type { Clock } from './clock.ts';
import type { RateLimits } from './rate-limits.ts';

export interface SubmitInput {
  /** an arXiv id or link, as typed (SUBMIT_ID_HELP) */
  readonly arxivId: string;
}

export interface SubmitResult {
  readonly paperId: string;
  /** the day the paper is listed on: today for a new listing, the existing listing's day for a duplicate */
  readonly day: string;
  /** set when the paper was already listed: nothing was written */
  readonly duplicateOf?: { readonly day: string };
  /** the paper's description came from arXiv just now (it was not here before) */
  readonly fetched: boolean;
}

/** Called with the id of every newly listed paper, after the listing is committed. */
export type AfterSubmitHook = (paperId: string) => Promise<void>;

export interface SubmissionQuota {
  /** today (UTC), the day a submission is listed on */
  readonly day: string;
  readonly usedToday: number;
  /** null: no daily limit (administrators) */
  readonly left: number | null;
  readonly perDay: number;
}

/** Someone waiting on a page: two tries, short backoff, then "try again". */
const WEB_PATIENCE = { maxAttempts: 2, backoffBaseMs: 2000, maxBackoffMs: 10_000, timeoutMs: 20_000 } as const;

export class Submissions {
  /** What runs after each new listing (the thumbnail renderer adds itself here). */
  readonly afterSubmit: AfterSubmitHook[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly limits: RateLimits,
    private readonly log: AppLog,
  ) {}

  /** How many papers `viewer` submitted today and how many are left. */
  async quota(viewer: Viewer): Promise<SubmissionQuota> {
    const day = dayOf(this.clock());
    const usedToday = await countSubmissionsOn(this.store.db, viewer.id, day);
    return { day, usedToday, left: submissionsLeft(viewer, usedToday), perDay: SUBMISSIONS_PER_DAY };
  }

  async submit(viewer: Viewer, input: SubmitInput): Promise<SubmitResult> {
    const paperId = parseSubmission(input.arxivId);
    const known = await newestListingDay(this.store.db, paperId);
    if (known !== null) return { paperId, day: known, duplicateOf: { day: known }, fetched: false };

    const today = dayOf(this.clock());
    await this.checkDailyLimit(this.store, viewer, today);
    await this.limits.take('submissions', `user:${viewer.id}`);

    const entry = (await paperExists(this.store.db, paperId)) ? null : await this.fetchFromArxiv(paperId);
    const result = await writeTransaction(this.store.db, async (trx): Promise<SubmitResult> => {
      const now = this.clock();
      if (entry) await writeArxivEntries(trx, new EntryWriter(), [entry], now.toISOString());
      const raced = await newestListingDay(trx, paperId);
      if (raced !== null) return { paperId, day: raced, duplicateOf: { day: raced }, fetched: entry !== null };
      await this.checkDailyLimit({ db: trx }, viewer, today);
      await insertSubmittedListing(trx, { day: today, paperId, userId: viewer.id, at: now.toISOString() });
      return { paperId, day: today, fetched: entry !== null };
    });
    if (!result.duplicateOf) this.runAfterSubmit(paperId);
    return result;
  }

  /** The paper as listed on `day`, in the shape of a daily page item (for the API's answer). */
  async listed(paperId: string, day: string): Promise<ListedPaper | null> {
    const detail = await getPaperDetail(this.store.db, paperId);
    const listing = detail?.listings.find((l) => l.day === day);
    if (!detail || !listing) return null;
    // detail.submitter is the newest listing's; a submission or a duplicate names the newest listing
    return { paper: detail.paper, listing, submitter: detail.listings[0] === listing ? detail.submitter : null, local: detail.local };
  }

  /** Waits for hooks still running (close, tests). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async checkDailyLimit(store: Pick<Store, 'db'>, viewer: Viewer, today: string): Promise<void> {
    if (viewer.isAdmin) return;
    const used = await countSubmissionsOn(store.db, viewer.id, today);
    if (used < SUBMISSIONS_PER_DAY) return;
    const wait = secondsUntilNextUtcDay(this.clock());
    throw new RateLimited(
      `You have submitted ${used} papers today; the limit is ${SUBMISSIONS_PER_DAY} a day. You can submit again after midnight UTC, in ${describeWaitUntil(wait)}.`,
      wait,
    );
  }

  private async fetchFromArxiv(paperId: string) {
    const client = clientForRuns(this.config, this.store, [{ kind: 'id', ids: [paperId] }], WEB_PATIENCE);
    let entry;
    try {
      entry = await lookUpArxivEntry(client, { baseUrl: this.config.sources.arxivApi, id: paperId });
    } catch (e) {
      if (e instanceof AppError && e.code === 'unavailable') {
        this.log.error({ err: e, paperId }, 'arXiv did not answer a submission');
        throw new AppError('unavailable', `arXiv did not answer, so ${paperId} could not be fetched. Nothing was listed; try again in a few minutes.`);
      }
      throw e;
    }
    if (!entry) throw notFound(`arXiv has no paper ${paperId}. Check the id (for example on https://arxiv.org/abs/${paperId}) and try again.`);
    return entry;
  }

  private runAfterSubmit(paperId: string): void {
    for (const hook of this.afterSubmit) {
      const run = hook(paperId)
        .catch((e: unknown) => this.log.error({ err: e, paperId }, 'an after-submit hook failed'))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }
}

/** The canonical arXiv id of what was typed, or an invalid_input error that lists the accepted forms. */
export function parseSubmission(input: string): string {
  const typed = input.trim();
  if (typed === '') throw invalidInput(`Enter the paper to submit: ${SUBMIT_ID_HELP}.`);
  if (typed.length > MAX_SUBMIT_INPUT) throw invalidInput(`That is longer than ${MAX_SUBMIT_INPUT} characters. Enter ${SUBMIT_ID_HELP}.`);
  const id = pastedArxivId(typed);
  if (id === null) throw invalidInput(`“${typed}” is not an arXiv id or link. Enter ${SUBMIT_ID_HELP}.`);
  return id;
}
