/**
 * The query's filters applied to a paper in memory: semantic neighbours come
 * from the vector index, which knows nothing of authors, categories or dates,
 * so they are checked here with the same meaning the full-text side gives them.
 */
import type { PaperRecord } from '../domain/paper.ts';
import { addDays } from '../domain/period.ts';
import { wordsOf, type ParsedQuery } from './query.ts';

const containsRun = (haystack: readonly string[], needle: readonly string[]): boolean => {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
};

export function passesFilters(paper: PaperRecord, q: ParsedQuery): boolean {
  if (q.categories.length > 0 && !q.categories.some((c) => paper.categories.some((pc) => pc === c || (!c.includes('.') && pc.startsWith(`${c}.`))))) return false;
  if (q.from && (!paper.publishedAt || paper.publishedAt < q.from)) return false;
  if (q.to && (!paper.publishedAt || paper.publishedAt >= addDays(q.to, 1))) return false;
  if (q.authors.length > 0) {
    const authorWords = paper.authors.map((a) => wordsOf(a.name));
    if (!q.authors.every((a) => authorWords.some((w) => containsRun(w, wordsOf(a))))) return false;
  }
  if (q.excluded.length > 0) {
    const text = new Set(wordsOf(`${paper.title} ${paper.abstract}`));
    if (q.excluded.some((w) => text.has(w))) return false;
  }
  return true;
}

export function hasFilters(q: ParsedQuery): boolean {
  return q.categories.length > 0 || q.from !== null || q.to !== null || q.authors.length > 0 || q.excluded.length > 0;
}
