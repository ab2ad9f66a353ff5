/**
 * Finds a subscriber's candidate papers for one period: the I/O half of
 * digest selection (the rules are domain/digest-selection.ts).
 *
 * *New in the period* means listed on a day of the window, or first published
 * on one (an arXiv paper that never reached a daily page). Every list keeps
 * only new papers:
 * - trending: papers listed in the window with at least one upvote, most upvoted first;
 * - each category: the search `cat:C` over papers published in the window,
 *   then over those published up to 90 days before it (a paper is often listed
 *   on a daily page days or weeks after it appeared);
 * - each saved search: the same, with the subscriber's query;
 * - similar: `related()` of each paper the linked account upvoted in the last
 *   30 days (at most 5 of them); nothing without a linked account.
 *
 * Searches and per-window reads are remembered for a minute, so composing
 * thousands of digests asks the database and the search once per distinct
 * window and query.
 */
import type { DigestReason, CandidateList } from '../domain/digest-selection.ts';
import type { Subscriber } from '../domain/digest.ts';
import type { DigestWindow } from '../domain/digest-window.ts';
import { addDays } from '../domain/period.ts';
import { AppError } from '../domain/errors.ts';
import type { PaperRecord } from '../domain/paper.ts';
import type { Db } from '../store/db.ts';
import { paperIdsPublishedBetween, papersByIds, recentUpvotes, upvotesListedBetween } from '../store/digest-sources-repo.ts';

/** How the composer searches: the core's search and related papers (semantic when the instance has it). */
export interface PaperFinder {
  search(query: string, limit: number): Promise<readonly PaperRecord[]>;
  related(paperId: string, limit: number): Promise<readonly PaperRecord[]>;
}

const LIST_LIMIT = 60;
const SEARCH_SLACK_DAYS = 90;
const UPVOTED_SINCE_DAYS = 30;
const UPVOTED_SEEDS = 5;
const MEMO_MS = 60_000;

export interface Candidates {
  readonly lists: CandidateList[];
  /** upvotes of the papers listed in the window */
  readonly listed: ReadonlyMap<string, number>;
  /** papers the subscriber upvoted (never offered back to them) */
  readonly upvoted: ReadonlySet<string>;
  /** papers new in the window (listed or first published there) */
  readonly newCount: number;
}

export class CandidateGatherer {
  private readonly memo = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly paperMemo = new Map<string, { at: number; paper: PaperRecord }>();

  constructor(
    private readonly db: Db,
    private readonly finder: PaperFinder,
    private readonly nowMs: () => number,
  ) {}

  private remember<T>(key: string, make: () => Promise<T>): Promise<T> {
    const now = this.nowMs();
    const hit = this.memo.get(key);
    if (hit && now - hit.at < MEMO_MS) return hit.value as Promise<T>;
    if (this.memo.size > 5000) this.memo.clear();
    const value = make();
    value.catch(() => this.memo.delete(key));
    this.memo.set(key, { at: now, value });
    return value;
  }

  private newIn(w: DigestWindow): Promise<{ listed: Map<string, number>; published: Set<string> }> {
    return this.remember(`new|${w.start}|${w.end}`, async () => ({
      listed: await upvotesListedBetween(this.db, w.start, w.end),
      published: new Set(await paperIdsPublishedBetween(this.db, w.start, w.end, 2000)),
    }));
  }

  /**
   * Papers matching `query` published up to SEARCH_SLACK_DAYS before the window's end, in the
   * search's order; then those published in the window itself that the wider search's top
   * results left out (a busy instance), after them.
   */
  private async searchIds(query: string, w: DigestWindow): Promise<string[]> {
    const [wide, inWindow] = await Promise.all([this.searchOnce(`${query} after:${addDays(w.start, -SEARCH_SLACK_DAYS)} before:${w.end}`), this.searchOnce(`${query} after:${w.start} before:${w.end}`)]);
    return [...new Set([...wide, ...inWindow])];
  }

  private searchOnce(q: string): Promise<string[]> {
    return this.remember(`s|${q}`, async () => {
      try {
        return (await this.finder.search(q, 100)).map((p) => p.id);
      } catch (e) {
        // a saved search the search no longer accepts finds nothing; the digest goes on without it
        if (e instanceof AppError && e.code === 'invalid_input') return [];
        throw e;
      }
    });
  }

  private relatedIds(paperId: string): Promise<string[]> {
    return this.remember(`r|${paperId}`, async () => (await this.finder.related(paperId, 30)).map((p) => p.id));
  }

  /** Papers by id, each remembered for a minute (thousands of digests share most of their papers). */
  async papers(ids: readonly string[]): Promise<Map<string, PaperRecord>> {
    const now = this.nowMs();
    const out = new Map<string, PaperRecord>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = this.paperMemo.get(id);
      if (hit && now - hit.at < MEMO_MS) out.set(id, hit.paper);
      else missing.push(id);
    }
    if (missing.length > 0) {
      if (this.paperMemo.size > 20_000) this.paperMemo.clear();
      for (const [id, paper] of await papersByIds(this.db, missing)) {
        this.paperMemo.set(id, { at: now, paper });
        out.set(id, paper);
      }
    }
    return out;
  }

  async gather(s: Subscriber, w: DigestWindow): Promise<Candidates> {
    const { listed, published } = await this.newIn(w);
    const isNew = (id: string) => listed.has(id) || published.has(id);
    const lists: CandidateList[] = [];
    const add = (reason: DigestReason, ids: readonly string[], skip: ReadonlySet<string> = new Set()) => {
      const kept = ids.filter((id) => isNew(id) && !skip.has(id)).slice(0, LIST_LIMIT);
      if (kept.length > 0) lists.push({ reason, paperIds: kept });
    };
    const upvoted = new Set<string>();
    const seeds = s.includeSimilar && s.userId !== null ? await recentUpvotes(this.db, s.userId, `${addDays(w.end, -UPVOTED_SINCE_DAYS)}T00:00:00`, UPVOTED_SEEDS * 20) : [];
    for (const u of seeds) upvoted.add(u.paperId);
    for (const k of s.keywords) add({ kind: 'search', query: k }, await this.searchIds(k, w), upvoted);
    for (const seed of seeds.slice(0, UPVOTED_SEEDS)) add({ kind: 'similar', toTitle: seed.title }, await this.relatedIds(seed.paperId), upvoted);
    for (const c of s.categories) add({ kind: 'category', category: c }, await this.searchIds(`cat:${c}`, w), upvoted);
    if (s.includeTrending) {
      const trending = [...listed].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
      add({ kind: 'trending', upvotes: 0 }, trending, upvoted);
    }
    let newCount = listed.size;
    for (const id of published) if (!listed.has(id)) newCount++;
    return { lists, listed, upvoted, newCount };
  }
}
