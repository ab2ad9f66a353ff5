/**
 * Thumbnails: the first page of each listed paper, stored by this instance.
 *
 * Where they come from (PAPERBOY_THUMBNAILS): `upstream` fetches the image a
 * source named (Daily Papers listings carry one), once; `all` (the default)
 * also fetches an arXiv paper's PDF (ARXIV_PDF_URL) and renders page 1 with
 * pdftoppm when there is no such image; `off` fetches nothing. Every fetch goes
 * through the polite client, so arXiv's 3-second rule and the turns per host
 * hold across processes.
 *
 * Who fills them:
 *  - `paperboy serve`, in the background (`follow()`): a run at start and every
 *    15 s while there is work, newest listings first, at most PER_RUN papers a
 *    run, one run at a time; `stop()` ends a run after the paper in hand;
 *  - `paperboy thumbnails`, in the foreground (`fill()`);
 *  - a use case that has just added a paper (a submission) (`ensure()`).
 *
 * Failures: a paper that could not be had is tried again after a wait that
 * grows with every failure (30 min, 2 h, 8 h, … up to 7 days), so no host is
 * asked again and again for it. When no host can be reached at all (an offline
 * demo), the run stops at once and the job pauses (10 min, doubling up to 2 h).
 * Only the first failure of a process is logged; `status()` counts the rest.
 */
import type { Config } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import { checkRequestInterval, thumbnailClientFor } from '../ingest/http/client-for-config.ts';
import { systemClock, type Clock } from '../ingest/http/clock.ts';
import type { PoliteClient } from '../ingest/http/polite-client.ts';
import { makeThumbnail, type ThumbnailTarget } from '../ingest/thumbnails/make-thumbnail.ts';
import { PDFTOPPM_MISSING, pdfRendererAvailable } from '../ingest/thumbnails/render-pdf.ts';
import { getPaperDetail } from '../store/papers-repo.ts';
import type { Store } from '../store/store.ts';
import {
  recordThumbnailFailure,
  saveThumbnail,
  thumbnailCandidates,
  thumbnailCounts,
  thumbnailAttempts,
  thumbnailMetas,
  upstreamThumbnailUrl,
  type ListingCursor,
  type ThumbnailCandidate,
  type ThumbnailCounts,
  type ThumbnailMeta,
} from '../store/thumbnails-repo.ts';
import type { AppLog } from './app-log.ts';
import { Ticker } from './ticker.ts';

/** Papers one background run handles at most (each may wait its turn at a host: ~1 min at 3 s a request). */
export const PER_RUN = 20;
const POLL_MS = 15_000;
/** listings one look for candidates reads (10-30 ms measured on 9.9k listings, whatever the size); a background run reads two windows at most */
const WINDOW_ROWS = 1000;
/** a run that found nothing is repeated only after the data changed, or after this long (failed papers come due) */
const IDLE_RECHECK_MS = 10 * 60_000;
const PAUSE_FIRST_MS = 10 * 60_000;
const PAUSE_MAX_MS = 2 * 60 * 60_000;
const RETRY_FIRST_MS = 30 * 60_000;
const RETRY_MAX_MS = 7 * 24 * 60 * 60_000;

/** When a paper that failed `attempts` times (this one included) is tried again. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_FIRST_MS * 4 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

export interface ThumbnailStatus extends ThumbnailCounts {
  readonly mode: Config['thumbnails'];
  /** whether pdftoppm runs here (first pages of PDFs are rendered only then) */
  readonly pdfRenderer: boolean;
}

export interface FillSummary {
  /** papers tried in this run */
  readonly tried: number;
  readonly stored: number;
  readonly fromUpstream: number;
  readonly fromPdf: number;
  readonly failed: number;
  /** the run stopped early because no host could be reached */
  readonly unreachable: boolean;
  /** pdftoppm is missing: PDFs were not fetched */
  readonly pdfSkipped: boolean;
  /** the first reason a paper failed, for a summary line */
  readonly firstError: string | null;
  /** every listing was looked at (a background run: its walk came round to the newest again) */
  readonly wrapped: boolean;
}

export type FillProgress = (done: number, total: number, paperId: string) => void;

export class ThumbnailUpkeep {
  private running: Promise<FillSummary> | null = null;
  private readonly ticker = new Ticker();
  private stopping = false;
  private readonly abort = new AbortController();
  private readonly client: PoliteClient;
  private failureLogged = false;
  private rendererLogged = false;
  private pausedUntil = 0;
  private pauseMs = PAUSE_FIRST_MS;
  private idleSince: { version: number; at: number } | null = null;
  /** the background walk through older listings: where its next window starts (null: after the newest) */
  private cursor: ListingCursor | null = null;
  /** the pdftoppm to run, and listings per window (tests change them) */
  private readonly program: string;
  private readonly windowRows: number;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly log: AppLog,
    options: { fetch?: typeof fetch; program?: string; windowRows?: number } = {},
  ) {
    this.program = options.program ?? 'pdftoppm';
    this.windowRows = options.windowRows ?? WINDOW_ROWS;
    // waits (turns, retries) and requests end at once when the job stops
    const signal = this.abort.signal;
    const base = options.fetch ?? fetch;
    const abortable: typeof fetch = (input, init) => base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
    const clock: Clock = {
      now: systemClock.now,
      sleep: (ms) =>
        new Promise((resolve) => {
          if (signal.aborted) return resolve();
          const t = setTimeout(resolve, ms);
          signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
        }),
    };
    this.client = thumbnailClientFor(config, store, { fetch: abortable, clock });
  }

  /** Whether PDFs are fetched and rendered: PAPERBOY_THUMBNAILS=all and pdftoppm is here (said once in the log when it is not). */
  private async pdfAllowed(): Promise<{ allowed: boolean; skipped: boolean }> {
    if (this.config.thumbnails !== 'all') return { allowed: false, skipped: false };
    if (await pdfRendererAvailable(this.program)) return { allowed: true, skipped: false };
    if (!this.rendererLogged) {
      this.rendererLogged = true;
      this.log.warn({}, `thumbnails: ${PDFTOPPM_MISSING}; only images sources name are fetched`);
    }
    return { allowed: false, skipped: true };
  }

  private target(paperId: string, paperSource: string, upstreamUrl: string | null, pdf: boolean): ThumbnailTarget {
    return { paperId, upstreamUrl, pdfUrl: pdf && paperSource === 'arxiv' ? `${this.config.sources.arxivPdf}/${paperId}` : null };
  }

  /**
   * Fills thumbnails of listed papers that have none and whose turn has come,
   * newest listings first, at most `limit`. One run at a time: a call while
   * one is going joins it.
   */
  fill(limit: number, onProgress?: FillProgress): Promise<FillSummary> {
    return this.start(limit, 'everything', onProgress);
  }

  private start(limit: number, reach: 'everything' | 'background', onProgress?: FillProgress): Promise<FillSummary> {
    this.running ??= this.run(limit, reach, onProgress).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Papers to try, newest listings first. `everything` reads windows of
   * listings until it has `limit` (or none are left); `background` reads the
   * newest window and, when that has too few, one window further along a walk
   * through older listings that goes on from run to run (`wrapped` when the
   * walk came round to the newest again), so a run costs the same on any database.
   */
  private async candidates(limit: number, reach: 'everything' | 'background', pdfSources: readonly string[]): Promise<{ list: ThumbnailCandidate[]; wrapped: boolean }> {
    const now = new Date().toISOString();
    const seen = new Map<string, ThumbnailCandidate>();
    const take = (list: readonly ThumbnailCandidate[]): void => {
      for (const c of list) if (seen.size < limit && !seen.has(c.paperId)) seen.set(c.paperId, c);
    };
    const window = (from: ListingCursor | null) => thumbnailCandidates(this.store.db, { now, pdfSources, from, rows: this.windowRows });
    const top = await window(null);
    take(top.candidates);
    let wrapped = top.next === null;
    if (reach === 'everything') {
      let from = top.next;
      while (from !== null && seen.size < limit) {
        const w = await window(from);
        take(w.candidates);
        from = w.next;
      }
      wrapped = from === null;
    } else if (seen.size < limit && top.next !== null) {
      const from = this.cursor ?? top.next;
      const w = await window(from);
      take(w.candidates);
      // a window with more candidates than this run took is read again next time
      if (seen.size < limit) {
        this.cursor = w.next;
        wrapped = w.next === null;
      }
    }
    return { list: [...seen.values()], wrapped };
  }

  private async run(limit: number, reach: 'everything' | 'background', onProgress?: FillProgress): Promise<FillSummary> {
    const empty = { tried: 0, stored: 0, fromUpstream: 0, fromPdf: 0, failed: 0, unreachable: false, pdfSkipped: false, firstError: null, wrapped: true };
    if (this.config.thumbnails === 'off') return empty;
    const pdf = await this.pdfAllowed();
    const found = await this.candidates(limit, reach, pdf.allowed ? ['arxiv'] : []);
    const candidates = found.list;
    const tally = { ...empty, pdfSkipped: pdf.skipped, wrapped: found.wrapped } as { -readonly [K in keyof FillSummary]: FillSummary[K] };
    for (const [i, c] of candidates.entries()) {
      if (this.stopping) break;
      onProgress?.(i, candidates.length, c.paperId);
      const outcome = await this.attempt(this.target(c.paperId, c.paperSource, c.upstreamUrl, pdf.allowed));
      if (this.stopping) break; // cut short by stop(): not the paper's failure
      tally.tried++;
      if (outcome === 'stored-upstream' || outcome === 'stored-pdf') {
        tally.stored++;
        if (outcome === 'stored-upstream') tally.fromUpstream++;
        else tally.fromPdf++;
        continue;
      }
      tally.failed++;
      tally.firstError ??= outcome.reason;
      if (outcome.unreachable) {
        tally.unreachable = true;
        break;
      }
    }
    onProgress?.(tally.tried, candidates.length, '');
    return tally;
  }

  /** Tries one paper and writes what came of it: the picture, or the failure and when to try again. */
  private async attempt(target: ThumbnailTarget): Promise<'stored-upstream' | 'stored-pdf' | { reason: string; unreachable: boolean }> {
    const asked = { ...target, upstreamUrl: this.mayAsk(target.upstreamUrl), pdfUrl: this.mayAsk(target.pdfUrl) };
    const outcome = await makeThumbnail(this.client, asked, { pdf: asked.pdfUrl !== null, program: this.program });
    if (this.stopping) return { reason: 'stopped', unreachable: false };
    const now = new Date();
    if (outcome.ok) {
      await saveThumbnail(this.store.db, outcome.thumbnail, now.toISOString());
      return outcome.thumbnail.source === 'pdf' ? 'stored-pdf' : 'stored-upstream';
    }
    const { attempts } = await thumbnailAttempts(this.store.db, target.paperId);
    const next = new Date(now.getTime() + retryDelayMs(attempts + 1)).toISOString();
    const reason = outcome.reason.slice(0, 500);
    await recordThumbnailFailure(this.store.db, target.paperId, reason, now.toISOString(), next);
    if (!this.failureLogged) {
      this.failureLogged = true;
      const what = outcome.unreachable ? 'no host could be reached (offline?); the job pauses and tries again later' : 'could not get one; it is tried again later';
      this.log.warn({ paper: target.paperId, reason, retryAt: next }, `thumbnails: ${what}; further failures are not logged (paperboy stats counts them)`);
    }
    return { reason, unreachable: outcome.unreachable };
  }

  /** A request interval below 3 s is only for hosts on this machine (tests): other hosts are not asked then. */
  private mayAsk(url: string | null): string | null {
    if (url === null) return null;
    try {
      checkRequestInterval(this.config, [url]);
      return url;
    } catch {
      return null;
    }
  }

  /**
   * The thumbnail of one paper, fetched now if it has none (whatever its
   * failures so far): what a use case that has just added a paper calls.
   * Null when none could be had (the failure is recorded, and the background
   * job tries again later) or thumbnails are off.
   */
  async ensure(paperId: string): Promise<ThumbnailMeta | null> {
    const known = (await thumbnailMetas(this.store.db, [paperId])).get(paperId);
    if (known) return known;
    if (this.config.thumbnails === 'off') return null;
    const detail = await getPaperDetail(this.store.db, paperId);
    if (!detail) throw new AppError('not_found', `no paper ${paperId} here`);
    const pdf = await this.pdfAllowed();
    const upstream = await upstreamThumbnailUrl(this.store.db, paperId);
    const target = this.target(paperId, detail.paper.source, upstream, pdf.allowed);
    if (!target.upstreamUrl && !target.pdfUrl) return null;
    await this.attempt(target);
    return (await thumbnailMetas(this.store.db, [paperId])).get(paperId) ?? null;
  }

  /** Background filling for a server: a run now, and again every few seconds while there is work. */
  follow(pollMs = POLL_MS): void {
    if (this.ticker.running || this.config.thumbnails === 'off') return;
    const tick = (): void => {
      if (this.running || this.stopping) return;
      const now = Date.now();
      if (now < this.pausedUntil) return;
      const version = this.store.dataVersion();
      if (this.idleSince && this.idleSince.version === version && now - this.idleSince.at < IDLE_RECHECK_MS) return;
      const started = performance.now();
      this.start(PER_RUN, 'background')
        .then((r) => {
          if (r.stored > 0) this.log.info({ stored: r.stored, upstream: r.fromUpstream, pdf: r.fromPdf, failed: r.failed, seconds: Math.round(performance.now() - started) / 1000 }, 'thumbnails stored');
          if (r.unreachable) {
            this.pausedUntil = Date.now() + this.pauseMs;
            this.pauseMs = Math.min(this.pauseMs * 2, PAUSE_MAX_MS);
          } else if (r.stored > 0) {
            this.pauseMs = PAUSE_FIRST_MS;
          }
          // nothing found in a whole pass: nothing is due until the data changes (our own writes included) or failures come due
          this.idleSince = r.tried === 0 && r.wrapped ? { version: this.store.dataVersion(), at: Date.now() } : null;
        })
        .catch((e: unknown) => {
          if (this.stopping) return;
          this.log.error({ err: e }, 'thumbnails: a run failed; tried again later');
          this.pausedUntil = Date.now() + this.pauseMs;
        });
    };
    this.ticker.start(tick, pollMs);
  }

  /** Stops the background job: no new run; a run in progress ends now (a request in flight is dropped, nothing half-written). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.ticker.stop();
    this.abort.abort();
    await this.running?.catch(() => undefined);
  }

  async status(): Promise<ThumbnailStatus> {
    const [counts, renderer] = await Promise.all([thumbnailCounts(this.store.db), pdfRendererAvailable(this.program)]);
    return { ...counts, mode: this.config.thumbnails, pdfRenderer: renderer };
  }
}
