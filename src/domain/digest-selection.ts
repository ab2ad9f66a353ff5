/**
 * Which papers a digest holds, and why (pure rules; the sources are searched by
 * src/digest/gather-candidates.ts). Every interest of the subscriber gives a
 * ranked *candidate list*: trending papers of the period, papers in each of
 * their categories, papers matching each saved search, papers similar to ones
 * they upvoted. Selection:
 *
 * 1. Papers found by several lists are one candidate with every reason.
 * 2. Each list first gets its best paper not already picked, in the order the
 *    lists are given (personal interests first, trending last), so no interest
 *    is drowned out by a busy one — until `paperCount` is reached.
 * 3. The rest of the places go to the highest *score*: each reason adds its
 *    weight, less for a paper further down its list (and half for a second
 *    reason of the same kind, so loosely matching many searches does not beat
 *    matching one well); upvotes add a little (log scale), so a popular paper
 *    that also matches wins ties.
 * 4. The digest reads best first: the picked papers in score order.
 */

export type DigestReason =
  | { readonly kind: 'search'; readonly query: string }
  | { readonly kind: 'similar'; readonly toTitle: string }
  | { readonly kind: 'category'; readonly category: string }
  | { readonly kind: 'trending'; readonly upvotes: number };

export interface CandidateList {
  /** why every paper of this list is a candidate (trending: the upvotes are per paper, filled in from `upvotes`) */
  readonly reason: DigestReason;
  /** paper ids, best first */
  readonly paperIds: readonly string[];
}

export interface SelectedPaper {
  readonly paperId: string;
  /** most specific first: saved search, similar, category, trending */
  readonly reasons: readonly DigestReason[];
  readonly score: number;
}

const WEIGHT: Record<DigestReason['kind'], number> = { search: 3, similar: 2.5, category: 2, trending: 1.5 };
const ORDER: Record<DigestReason['kind'], number> = { search: 0, similar: 1, category: 2, trending: 3 };

/** A reason's weight for the paper at `rank` (0-based) of its list: halves every 10 places. */
export function reasonWeight(kind: DigestReason['kind'], rank: number): number {
  return WEIGHT[kind] * Math.pow(0.5, rank / 10);
}

const sameReason = (a: DigestReason, b: DigestReason): boolean => JSON.stringify(a) === JSON.stringify(b);

export function selectDigestPapers(lists: readonly CandidateList[], upvotes: ReadonlyMap<string, number>, paperCount: number): SelectedPaper[] {
  const merged = new Map<string, { reasons: DigestReason[]; score: number }>();
  for (const list of lists) {
    list.paperIds.forEach((id, rank) => {
      const reason: DigestReason = list.reason.kind === 'trending' ? { kind: 'trending', upvotes: upvotes.get(id) ?? 0 } : list.reason;
      const entry = merged.get(id) ?? { reasons: [], score: Math.log2(1 + (upvotes.get(id) ?? 0)) * 0.25 };
      if (!entry.reasons.some((r) => sameReason(r, reason))) {
        const again = entry.reasons.some((r) => r.kind === reason.kind);
        entry.reasons.push(reason);
        entry.score += reasonWeight(reason.kind, rank) * (again ? 0.5 : 1);
      }
      merged.set(id, entry);
    });
  }
  const byScore = [...merged.entries()].sort(([ia, a], [ib, b]) => b.score - a.score || (upvotes.get(ib) ?? 0) - (upvotes.get(ia) ?? 0) || (ia < ib ? -1 : ia > ib ? 1 : 0));
  const picked = new Set<string>();
  for (const list of lists) {
    if (picked.size >= paperCount) break;
    const first = list.paperIds.find((id) => !picked.has(id));
    if (first !== undefined) picked.add(first);
  }
  for (const [id] of byScore) {
    if (picked.size >= paperCount) break;
    picked.add(id);
  }
  return byScore
    .filter(([id]) => picked.has(id))
    .map(([paperId, e]) => ({ paperId, score: e.score, reasons: [...e.reasons].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]) }));
}

/** What the digest says about a reason: “trending: 42 upvotes”, “matches your saved search “diffusion””… */
export function reasonText(reason: DigestReason): string {
  switch (reason.kind) {
    case 'trending':
      return `trending: ${reason.upvotes} upvote${reason.upvotes === 1 ? '' : 's'}`;
    case 'search':
      return `matches your saved search “${reason.query}”`;
    case 'category':
      return `in ${reason.category}`;
    case 'similar':
      return `similar to “${shorten(reason.toTitle, 80)}” you upvoted`;
  }
}

/** `text` cut at a word boundary to at most `max` characters, with “…” when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  // the cut may fall just before a space: then it ends on a whole word already
  const space = /\s/.test(text[max - 1] ?? '') ? cut.length : cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}
