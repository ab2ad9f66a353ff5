/**
 * The one policy for "new papers get embedded".
 *
 * Writing papers (import, ingest, a schedule) never waits for the embedder:
 * papers are on their pages and found by their words as soon as they are
 * committed. Meaning follows by `catchUp()`: train the built-in model when
 * there is none yet or the corpus has outgrown it, then embed every paper that
 * has no vector. Who calls it:
 *  - `paperboy serve`, in the background: at start and whenever the data has
 *    changed (checked every few seconds, one run at a time), so papers another
 *    process imported get their vectors without anyone waiting;
 *  - `paperboy import|ingest --wait`, in the foreground, with a progress bar;
 *  - `paperboy reindex`, which retrains and re-embeds everything.
 * `status()` says how far meaning has got, for `paperboy stats` and the search page.
 *
 * Resumable and idempotent: only papers without a vector are embedded, in
 * committed batches, so a crash loses at most the batch in flight.
 */
import type { Config } from '../config.ts';
import { countPapers } from '../store/papers-repo.ts';
import type { Store } from '../store/store.ts';
import { embedMissing, MIN_PAPERS_TO_TRAIN, openSemantic, type Progress } from '../search/semantic-index.ts';
import type { SearchService } from '../search/search-service.ts';
import type { AppLog } from './app-log.ts';
import { Ticker } from './ticker.ts';

export interface SemanticStatus {
  /** `off`: PAPERBOY_EMBEDDER=none; `waiting`: too few papers to learn from; `partial`: some papers have no vector yet */
  readonly state: 'off' | 'waiting' | 'partial' | 'ready';
  readonly model: string | null;
  readonly papers: number;
  readonly embedded: number;
}

export interface CatchUpResult {
  readonly model: string | null;
  readonly embedded: number;
}

const POLL_MS = 5_000;

export class SemanticUpkeep {
  private running: Promise<CatchUpResult> | null = null;
  private readonly ticker = new Ticker();
  private lastVersion = -1;
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly search: SearchService,
    private readonly log: AppLog,
  ) {}

  /**
   * Trains when due and embeds what has no vector; the search switches to the
   * result. Runs once at a time: a call while a run is going joins it (a
   * reindex, `train: 'always'`, runs on a core of its own, never a server's).
   */
  catchUp(onProgress?: Progress, train: 'auto' | 'always' = 'auto'): Promise<CatchUpResult> {
    this.running ??= this.run(onProgress, train).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(onProgress: Progress | undefined, train: 'auto' | 'always'): Promise<CatchUpResult> {
    // the side in use while it is still the one to use: no model is loaded again after every change
    const side = await openSemantic(this.store, this.config, { train, reuse: this.search.semanticSide, ...(onProgress ? { onProgress } : {}) });
    if (!side) return { model: null, embedded: 0 };
    if (train === 'always') this.search.vectors.clear();
    const embedded = await embedMissing(this.store, this.search.vectors, side, onProgress, () => this.stopping);
    // switch only to a side whose vectors these are (another process may have taken the index over meanwhile)
    if (this.search.vectors.current()?.model === side.vectorModel) this.search.setSemantic(side);
    return { model: side.vectorModel, embedded };
  }

  /** Background upkeep for a server: catch up now and after every change to the data. */
  follow(pollMs = POLL_MS): void {
    if (this.ticker.running || this.config.embedder.kind === 'none') return;
    const tick = (): void => {
      const version = this.store.dataVersion();
      if (version === this.lastVersion || this.running) return;
      this.lastVersion = version;
      const started = performance.now();
      this.catchUp()
        .then((r) => {
          if (r.embedded > 0) this.log.info({ embedded: r.embedded, model: r.model, seconds: Math.round(performance.now() - started) / 1000 }, 'semantic index up to date');
          // Our own writes moved the version; they need no second run, unless papers arrived meanwhile.
          if (r.model === null || this.search.vectors.papersWithoutVector(1).length === 0) this.lastVersion = this.store.dataVersion();
        })
        .catch((e: unknown) => {
          this.log.error({ err: e }, 'semantic index could not be updated; search goes on with what it has (tried again after the next change)');
          this.lastVersion = this.store.dataVersion();
        });
    };
    this.ticker.start(tick, pollMs);
  }

  /**
   * Stops the background upkeep: no new run, and a run in progress stops after
   * its current batch (a training already started on its worker thread runs to
   * its end first). Everything embedded so far is committed.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.ticker.stop();
    await this.running?.catch(() => undefined);
  }

  async status(): Promise<SemanticStatus> {
    const papers = await countPapers(this.store.db);
    if (this.config.embedder.kind === 'none') return { state: 'off', model: null, papers, embedded: 0 };
    const current = this.search.vectors.current();
    const embedded = current ? this.search.vectors.count() : 0;
    if (!current) return { state: papers < MIN_PAPERS_TO_TRAIN ? 'waiting' : 'partial', model: null, papers, embedded: 0 };
    return { state: embedded >= papers ? 'ready' : 'partial', model: current.model, papers, embedded };
  }
}
