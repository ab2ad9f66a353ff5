/**
 * The application core: the front door of Paperboy. Every use case is one
 * method here; `src/web` and `src/cli` parse their input, call it and render
 * what it returns. They never open the store or build a search themselves.
 *
 *   Paperboy.open(config)            a command's core: reads, import, ingest, reindex
 *   Paperboy.open(config, {serve})   a server's core: adds the in-memory word index,
 *                                    following models other processes store, the
 *                                    semantic upkeep and the scheduled sources,
 *                                    started by startBackground() and stopped by close()
 */
import type { Config } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import type { ListedPaper, PaperDetail, PaperRecord } from '../domain/paper.ts';
import type { Period } from '../domain/period.ts';
import { importFiles, type ImportOptions, type ImportSummary } from '../ingest/import-files.ts';
import { DEMO_FILE } from '../ingest/demo-data.ts';
import { clientForRuns, runSource, sourceUrl, type IngestProgress } from '../ingest/run-source.ts';
import type { SourceRun } from '../ingest/source-spec.ts';
import type { IngestReport } from '../ingest/sources/ingest-report.ts';
import { checkRequestInterval } from '../ingest/http/client-for-config.ts';
import { LiveLexicalIndex } from '../search/lexical/live-index.ts';
import { SearchService, type SearchOptions, type SearchResult } from '../search/search-service.ts';
import { openSemantic, type Progress } from '../search/semantic-index.ts';
import { detailsOf, getPaperDetail, countPapers } from '../store/papers-repo.ts';
import { listVersions, type PaperVersion } from '../store/paper-versions-repo.ts';
import { rebuildFullText } from '../store/search-repo.ts';
import { lastGatheredAt, storeStats, type StoreStats } from '../store/stats-repo.ts';
import { openStore, type Store } from '../store/store.ts';
import { writeTransaction } from '../store/db.ts';
import { silentLog, type AppLog } from './app-log.ts';
import { latestDay, loadListing, newestListings, type ListingView } from './listing-view.ts';
import { ScheduledSources } from './scheduled-sources.ts';
import { loadTrending, type TrendingView } from './trending-view.ts';
import { Votes } from './votes.ts';
import { SemanticUpkeep, type CatchUpResult, type SemanticStatus } from './semantic-upkeep.ts';
import { Accounts } from './accounts.ts';
import { Profiles } from './profiles.ts';
import { Moderation } from './moderation.ts';
import { Collections } from './collections.ts';
import { Claims } from './claims.ts';
import { Authors } from './authors.ts';
import { systemClock, type Clock } from './clock.ts';
import { RateLimits } from './rate-limits.ts';
import { Comments } from './comments.ts';
import type { Mailer } from '../mail/mailer.ts';
import { mailerFor } from './mailer-for-config.ts';
import { getThumbnail, thumbnailMetas, type StoredThumbnail, type ThumbnailMeta } from '../store/thumbnails-repo.ts';
import { ThumbnailUpkeep, type FillProgress, type FillSummary, type ThumbnailStatus } from './thumbnail-upkeep.ts';
import { Submissions } from './submissions.ts';
import { PaperLinksUseCases } from './paper-links.ts';
import type { DigestComposer } from '../digest/digest-composer.ts';
import { DigestSending } from './digest-sending.ts';
import { DigestSubscriptions } from './digest-subscriptions.ts';
import { Feeds } from './feeds.ts';
import { ForYou } from './for-you.ts';

export interface OpenOptions {
  /** a long-running server: word index in memory, follows other processes, runs schedules */
  readonly serve?: boolean;
  readonly log?: AppLog;
  /** where mail goes; by default the one SMTP_URL or the outbox folder names (mailerFor) */
  readonly mailer?: Mailer;
  /** the time; tests move it */
  readonly clock?: Clock;
  /** what writes each digest (src/digest/digest-composer.ts); null: digests are not sent (dry runs still list who is due) */
  readonly digestComposer?: DigestComposer | null;
}

export interface PaperPageData {
  readonly detail: PaperDetail;
  readonly related: readonly PaperRecord[];
  readonly versions: readonly PaperVersion[];
  /** the stored picture of its first page, when there is one */
  readonly thumbnail: ThumbnailMeta | null;
}

export interface SearchWithDetails {
  readonly result: SearchResult;
  /** listings and submitter of every hit, by paper id */
  readonly details: ReadonlyMap<string, PaperDetail>;
  /** sizes and hashes of the hits' stored thumbnails, by paper id */
  readonly thumbnails: ReadonlyMap<string, ThumbnailMeta>;
}

export interface ReindexResult {
  /** papers in the rebuilt full-text index, or null when it was not asked for */
  readonly fullText: number | null;
  /** the new semantic index, null when not asked for, 'too few papers' when there is nothing to learn from */
  readonly semantic: (CatchUpResult & { dimensions: number }) | 'too few papers' | null;
}

export class Paperboy {
  private background: Promise<void> | null = null;
  private mailerInUse: Mailer | null;
  /** signing in, sessions, profiles, API tokens */
  readonly accounts: Accounts;
  /** the rate limits every write goes through */
  readonly limits: RateLimits;
  /** people's pages */
  readonly profiles: Profiles;
  /** discussion: comments and replies on papers */
  readonly comments: Comments;
  /** the administrators' overview */
  readonly moderation: Moderation;
  /** upvotes: set, toggle, which papers a user voted for (votes.ts) */
  readonly votes: Votes;
  /** lists of papers people keep */
  readonly collections: Collections;
  /** authorship claims and their approval */
  readonly claims: Claims;
  /** author pages */
  readonly authors: Authors;
  /** putting an arXiv paper on today's page */
  readonly submissions: Submissions;
  /** a paper's code and project links, edited by its submitters, claimed authors and admins */
  readonly links: PaperLinksUseCases;
  /** sending digests: by hand (`send`) and, in a server, every minute (src/app/digest-sending.ts) */
  readonly digestSending: DigestSending;
  /** digest subscriptions, settings, web versions and previews; `digests.composer()` composes a digest */
  /** a signed-in reader's own ranking of recent papers, learned from their upvotes */
  readonly forYou: ForYou;
  /** what the Atom feeds carry */
  readonly feeds: Feeds;
  readonly digests: DigestSubscriptions;

  private constructor(
    readonly config: Config,
    private readonly store: Store,
    private readonly searchService: SearchService,
    private readonly upkeep: SemanticUpkeep,
    private readonly wordIndex: LiveLexicalIndex | null,
    private readonly schedules: ScheduledSources | null,
    private readonly log: AppLog,
    private readonly serving: boolean,
    options: OpenOptions,
  ) {
    const clock = options.clock ?? systemClock;
    this.mailerInUse = options.mailer ?? null;
    this.limits = new RateLimits(store, clock, log, config.rateLimitScale);
    this.accounts = new Accounts(store, () => this.mailer(), config.baseUrl, clock, this.limits);
    this.comments = new Comments(store, clock, this.limits);
    this.moderation = new Moderation(store, clock, { hiddenComments: () => this.comments.hiddenForModeration(), pendingClaims: () => this.claims.pending() });
    this.votes = new Votes(store.db, clock, this.limits);
    this.collections = new Collections(store, clock, this.limits);
    this.claims = new Claims(store, clock, this.limits);
    this.authors = new Authors(store);
    this.profiles = new Profiles(store, this.claims);
    this.submissions = new Submissions(store, config, clock, this.limits, log);
    // claimed authors may edit links too: approved claims come from core.claims
    this.links = new PaperLinksUseCases(store, clock, this.limits, (id) => this.claims.claimedAuthorUserIds(id));
    // after-submit hooks: the single place work that follows a new listing is plugged in
    this.submissions.afterSubmit.push(async (id) => {
      await this.ensureThumbnail(id);
    });
    this.forYou = new ForYou(store, async () => {
      await this.withSemantic();
      return this.searchService;
    });
    this.feeds = new Feeds(store, (query, o) => this.search(query, o), this.authors);
    this.digests = new DigestSubscriptions(store, config, () => this.mailer(), clock, this.limits, {
      search: async (query, limit) => (await this.search(query, { limit })).hits.map((h) => h.paper),
      related: async (paperId, limit) => {
        await this.withSemantic();
        return this.searchService.related(paperId, limit);
      },
    });
    // digests say what the subscriptions side composes (MJML); tests may hand in their own, or none (null)
    this.digestSending = new DigestSending(store, config, () => this.mailer(), options.digestComposer === undefined ? this.digests.digestComposer : options.digestComposer, clock, log);
  }

  /** The one mailer of this process, made on first use. */
  mailer(): Mailer {
    this.mailerInUse ??= mailerFor(this.config);
    return this.mailerInUse;
  }

  private semanticOpened: Promise<void> | null = null;
  private closing = false;
  private thumbnailUpkeep: ThumbnailUpkeep | null = null;

  /** Thumbnails' fetching and rendering (made on first use: most commands never need it). */
  private get thumbnails(): ThumbnailUpkeep {
    this.thumbnailUpkeep ??= new ThumbnailUpkeep(this.store, this.config, this.log);
    return this.thumbnailUpkeep;
  }

  /**
   * Opens the stored semantic side once, before the first search that can use
   * it. A server that cannot open it (an embedding endpoint down) searches by
   * words and tries again on a later search; a command fails with the reason.
   */
  private withSemantic(): Promise<void> {
    // requests still queued when a server stops are refused rather than run against a closing database
    if (this.closing) return Promise.reject(new AppError('unavailable', 'Paperboy is shutting down; try again in a moment'));
    this.semanticOpened ??= openSemantic(this.store, this.config, { train: 'never', reuse: this.searchService.semanticSide })
      .then((side) => {
        if (side && !this.searchService.semanticSide) this.searchService.setSemantic(side);
      })
      .catch((e: unknown) => {
        if (!this.serving) throw e;
        this.log.error({ err: e }, 'the semantic side could not be opened; search uses words only for now');
        setTimeout(() => (this.semanticOpened = null), 30_000).unref();
      });
    return this.semanticOpened;
  }

  static async open(config: Config, options: OpenOptions = {}): Promise<Paperboy> {
    // sources that run by themselves are read (and refused if wrong) before anything is opened
    const schedules = options.serve ? ScheduledSources.fromConfig(config, options.log ?? silentLog) : null;
    const store = await openStore(config.db);
    try {
      return await Paperboy.assemble(store, config, options, schedules);
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  /** The core over a store that is already open (tests and benchmarks that prepare the database first). */
  static over(store: Store, config: Config, options: OpenOptions = {}): Promise<Paperboy> {
    return Paperboy.assemble(store, config, options, options.serve ? ScheduledSources.fromConfig(config, options.log ?? silentLog) : null);
  }

  private static async assemble(store: Store, config: Config, options: OpenOptions, schedules: ScheduledSources | null): Promise<Paperboy> {
    const log = options.log ?? silentLog;
    const wordIndex = options.serve ? new LiveLexicalIndex(store) : null;
    // another process (import, reindex) may retrain the model and rewrite the vectors: a server follows it
    const follow = options.serve
      ? {
          load: () => openSemantic(store, config, { train: 'never' }),
          onSwitch: (side: { vectorModel: string }) => log.info({ model: side.vectorModel }, 'semantic search follows the model stored by another process'),
          onError: (e: unknown) => log.error({ err: e }, 'the stored semantic model could not be loaded; search uses words only'),
        }
      : null;
    // the semantic side is opened on first use (withSemantic): commands that do not search never
    // load a model or ask an embedding endpoint anything
    const search = new SearchService(store, null, wordIndex, follow);
    const upkeep = new SemanticUpkeep(store, config, search, log);
    return new Paperboy(config, store, search, upkeep, wordIndex, schedules, log, options.serve === true, options);
  }

  // --- what changed: answers rendered under one value are stale under another ---

  /** Moves with every committed write, from this process or another. */
  dataVersion(): number {
    return this.store.dataVersion();
  }

  /** Moves when search switches its semantic side (which changes answers without a write). */
  get searchGeneration(): number {
    return this.searchService.semanticGeneration;
  }

  // --- reading ---

  latestDay(): Promise<string> {
    return latestDay(this.store);
  }

  /** When papers last arrived here (import, ingest or a schedule), as an ISO instant; null on an empty instance. */
  lastGatheredAt(): Promise<string | null> {
    return lastGatheredAt(this.store.db);
  }

  /** A day, week or month, most upvoted first (imported + local votes), or newest listing first. */
  listing(period: Period, page: number, pageSize: number, order: 'upvotes' | 'newest' = 'upvotes'): Promise<ListingView> {
    return loadListing(this.store, period, page, pageSize, order);
  }

  /** Every listed paper, newest listing first. */
  newestListings(page: number, pageSize: number): Promise<ListedPaper[]> {
    return newestListings(this.store, page, pageSize);
  }

  /** The trending papers (domain/trending.ts), one page; `now` is the clock's upper bound. */
  trending(page: number, pageSize: number, now: Date = new Date()): Promise<TrendingView> {
    return loadTrending(this.store, page, pageSize, now);
  }

  paper(id: string): Promise<PaperDetail | null> {
    return getPaperDetail(this.store.db, id);
  }

  /** A paper with its related papers and versions, or null when it is not here. */
  async paperPage(id: string, relatedCount: number): Promise<PaperPageData | null> {
    const detail = await getPaperDetail(this.store.db, id);
    if (!detail) return null;
    await this.withSemantic();
    const [related, versions, thumbnails] = await Promise.all([this.searchService.related(id, relatedCount), listVersions(this.store.db, id), thumbnailMetas(this.store.db, [id])]);
    return { detail, related, versions, thumbnail: thumbnails.get(id) ?? null };
  }

  /** The paper a query names by its arXiv id or link (`arXiv:2608.12345v2`, an arxiv.org or huggingface.co/papers address) when it is here. */
  pastedPaper(query: string): Promise<string | null> {
    return this.searchService.pastedPaper(query);
  }

  async search(query: string, options: SearchOptions): Promise<SearchResult> {
    await this.withSemantic();
    return this.searchService.search(query, options);
  }

  /** Search with every hit's listings, for answers in the Daily Papers shape. */
  async searchWithDetails(query: string, options: SearchOptions): Promise<SearchWithDetails> {
    const result = await this.search(query, options);
    const [details, thumbnails] = await Promise.all([detailsOf(this.store.db, result.hits.map((h) => h.paper)), thumbnailMetas(this.store.db, result.hits.map((h) => h.paper.id))]);
    return { result, details, thumbnails };
  }

  async stats(): Promise<StoreStats & { semantic: SemanticStatus; thumbnails: ThumbnailStatus }> {
    const [counts, semantic, thumbnails] = await Promise.all([storeStats(this.store.db), this.upkeep.status(), this.thumbnails.status()]);
    return { ...counts, semantic, thumbnails };
  }

  // --- thumbnails (the first page of a paper; see thumbnail-upkeep.ts) ---

  /** A paper's stored thumbnail with its bytes, or null. */
  thumbnail(paperId: string): Promise<StoredThumbnail | null> {
    return getThumbnail(this.store.db, paperId);
  }

  /** Sizes and hashes of the stored thumbnails of these papers (those without one are absent). */
  thumbnailsOf(paperIds: readonly string[]): Promise<ReadonlyMap<string, ThumbnailMeta>> {
    return thumbnailMetas(this.store.db, paperIds);
  }

  /**
   * The paper's thumbnail, fetched and stored now when it has none (for a use
   * case that has just added a paper, such as a submission). Null when none
   * could be had (tried again later in the background) or PAPERBOY_THUMBNAILS=off.
   */
  ensureThumbnail(paperId: string): Promise<ThumbnailMeta | null> {
    return this.thumbnails.ensure(paperId);
  }

  /** Fills thumbnails of listed papers without one, newest listings first, at most `limit` (`paperboy thumbnails`). */
  fillThumbnails(limit: number, onProgress?: FillProgress): Promise<FillSummary> {
    return this.thumbnails.fill(limit, onProgress);
  }

  thumbnailStatus(): Promise<ThumbnailStatus> {
    return this.thumbnails.status();
  }

  semanticStatus(): Promise<SemanticStatus> {
    return this.upkeep.status();
  }

  // --- writing ---

  /** Papers and listings from files; found by words at once, by meaning after the semantic upkeep. */
  importFiles(files: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
    return importFiles(this.store.db, files, options);
  }

  /** The committed demo slice, when the database has no papers; null when it did nothing. */
  async loadDemoIfEmpty(): Promise<ImportSummary | null> {
    if ((await countPapers(this.store.db)) > 0) return null;
    return importFiles(this.store.db, [DEMO_FILE]);
  }

  /** One run of one source, politely (see ingest/http), sharing turns with every process on this database. */
  ingest(run: SourceRun, progress?: IngestProgress): Promise<IngestReport> {
    return runSource(this.store, clientForRuns(this.config, this.store, [run]), this.config, run, progress);
  }

  /** Trains when due and embeds every paper without a vector (what `--wait` waits for). */
  catchUpSemantic(onProgress?: Progress): Promise<CatchUpResult> {
    return this.upkeep.catchUp(onProgress);
  }

  /** Rebuilds the full-text index (one transaction) and/or retrains and re-embeds everything. */
  async reindex(only: 'fulltext' | 'vectors' | null, onProgress?: (part: 'fulltext' | 'train' | 'embed', done: number, total: number) => void): Promise<ReindexResult> {
    let fullText: number | null = null;
    if (only !== 'vectors') {
      // one transaction: a crash leaves the old index, never half a new one
      fullText = await writeTransaction(this.store.db, (trx) => rebuildFullText(trx, (d, t) => onProgress?.('fulltext', d, t)));
    }
    if (only === 'fulltext') return { fullText, semantic: null };
    const r = await this.upkeep.catchUp((phase, d, t) => onProgress?.(phase, d, t), 'always');
    if (r.model === null) return { fullText, semantic: 'too few papers' };
    return { fullText, semantic: { ...r, dimensions: this.searchService.vectors.current()?.dimensions ?? 0 } };
  }

  // --- a server's background work ---

  /**
   * Starts what a server does by itself: the in-memory word index (FTS5 answers
   * until it is built), the semantic upkeep (words only until there is a
   * model) and the scheduled sources. Returns at once.
   */
  startBackground(): void {
    if (this.background) return;
    const word = this.buildWordIndex();
    void this.withSemantic();
    this.upkeep.follow();
    this.schedules?.start(this.store);
    this.thumbnails.follow();
    if (this.config.digestSending.inServe) this.digestSending.start();
    this.background = word;
  }

  private async buildWordIndex(): Promise<void> {
    if (!this.wordIndex) return;
    try {
      const started = performance.now();
      await this.wordIndex.start();
      this.log.info({ seconds: Math.round(performance.now() - started) / 1000 }, 'in-memory word index ready');
    } catch (e) {
      this.log.error({ err: e }, 'the in-memory word index could not be built; search uses SQLite FTS5');
    }
  }

  /** Stops background work (waiting for a scheduled run or an embedding batch in progress) and closes the database. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.schedules?.stop();
    await this.digestSending.stop();
    this.wordIndex?.stop();
    await Promise.all([this.submissions.settled(), this.upkeep.stop(), this.thumbnailUpkeep?.stop(), this.background, this.semanticOpened?.catch(() => undefined), this.searchService.semanticSettled()]);
    await this.mailerInUse?.close();
    await this.store.close();
  }
}

/**
 * Refuses a source run the configuration does not allow (asking arXiv faster
 * than every 3 s) before any database is opened or created.
 */
export function checkSourceRun(config: Config, run: SourceRun): void {
  checkRequestInterval(config, [sourceUrl(config, run)]);
}
