/**
 * Which semantic side search uses, following the vectors in the store.
 *
 * The vectors may be rewritten under a search's feet: `paperboy reindex` or an
 * import in another process retrains the built-in embedder (a new model name)
 * and re-embeds every paper. A side is only usable while the stored vectors are
 * its model's, so before each search `ready()` compares the stored model name
 * with the side's (one indexed read). When they differ, search answers by
 * words, and the follower loads the embedder of the stored model in the
 * background (`load`, e.g. openSemantic with train: 'never'), warms the vector
 * index with it and switches. A load is tried once per stored model name (a
 * failed one again after RETRY_AFTER_MS): a stored model this configuration
 * cannot embed queries for leaves search on words without retrying per query.
 */
import type { VectorIndex } from './vector/vector-index.ts';
import type { SemanticSide } from './semantic-side.ts';

/** The semantic side for the model stored now, or null when there is none to use. */
export type LoadSemantic = () => Promise<SemanticSide | null>;

export interface FollowOptions {
  readonly load: LoadSemantic;
  /** called after switching to a loaded side */
  readonly onSwitch?: (side: SemanticSide) => void;
  readonly onError?: (error: unknown) => void;
}

const RETRY_AFTER_MS = 30_000;

/** Loads the vector index's in-memory lists now rather than on the first search. */
export function warmVectorIndex(vectors: VectorIndex, side: SemanticSide): void {
  const d = side.embedder.dimensions;
  vectors.nearest(new Float32Array(d).fill(1 / Math.sqrt(d)), 1);
}

export class SemanticFollower {
  private loading: Promise<void> | null = null;
  /** the stored model the last load was for, and when it may be tried again */
  private attempt: { model: string; retryAt: number } | null = null;
  /** bumped at every switch: answers rendered before may differ from answers now */
  private switches = 0;

  constructor(
    private readonly vectors: VectorIndex,
    private side: SemanticSide | null,
    private readonly follow: FollowOptions | null = null,
  ) {}

  /** The side in use (null: words only). */
  get current(): SemanticSide | null {
    return this.side;
  }

  /** Changes with every switch of side (cached answers made before are stale). */
  get generation(): number {
    return this.switches;
  }

  set(side: SemanticSide | null): void {
    this.side = side;
    this.switches++;
  }

  /**
   * The side whose model the stored vectors belong to, or null (words only).
   * Never waits: a stored model that is not this side's starts a background load.
   */
  ready(): SemanticSide | null {
    const stored = this.vectors.current();
    if (!stored) return null;
    const side = this.side;
    if (side && side.vectorModel === stored.model) return side;
    this.startLoading(stored.model);
    return null;
  }

  /** Resolves once a load in progress (if any) has finished: for tests and shutdown. */
  async settled(): Promise<void> {
    await this.loading;
  }

  private startLoading(model: string): void {
    if (!this.follow || this.loading) return;
    if (this.attempt && this.attempt.model === model && Date.now() < this.attempt.retryAt) return;
    this.attempt = { model, retryAt: Infinity };
    this.loading = this.load(model, this.follow).finally(() => {
      this.loading = null;
    });
  }

  private async load(model: string, follow: FollowOptions): Promise<void> {
    try {
      const side = await follow.load();
      if (!side || side.vectorModel !== model) return; // not a model this configuration can use: words only
      if (this.vectors.current()?.model !== model) {
        this.attempt = null; // the store moved on while loading: the next search tries its model
        return;
      }
      warmVectorIndex(this.vectors, side);
      this.set(side);
      follow.onSwitch?.(side);
    } catch (e) {
      this.attempt = { model, retryAt: Date.now() + RETRY_AFTER_MS };
      follow.onError?.(e);
    }
  }
}
