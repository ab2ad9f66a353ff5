/**
 * Combining what two sources say about one paper. Sources know different
 * things (Daily Papers has AI summaries but no categories, arXiv has
 * categories but no upvotes), so a field a source leaves empty never erases
 * what another source said. A higher arXiv version wins the text fields.
 */
import type { PaperRecord } from './paper.ts';

export function mergePaper(existing: PaperRecord, incoming: PaperRecord): PaperRecord {
  const olderVersion = existing.version !== null && incoming.version !== null && incoming.version < existing.version;
  const pick = <T>(a: T | null, b: T | null): T | null => (olderVersion ? (a ?? b) : (b ?? a));
  const pickList = <T>(a: readonly T[], b: readonly T[]): readonly T[] => (b.length > 0 && !olderVersion ? b : a.length > 0 ? a : b);
  const pickText = (a: string, b: string): string => (b.trim() !== '' && !olderVersion ? b : a.trim() !== '' ? a : b);
  return {
    id: existing.id,
    source: existing.source,
    version: maxVersion(existing.version, incoming.version),
    title: pickText(existing.title, incoming.title),
    abstract: pickText(existing.abstract, incoming.abstract),
    authors: pickList(existing.authors, incoming.authors),
    categories: pickList(existing.categories, incoming.categories),
    primaryCategory: pick(existing.primaryCategory, incoming.primaryCategory),
    // first publication never moves later
    publishedAt: earliest(existing.publishedAt, incoming.publishedAt),
    updatedAt: pick(existing.updatedAt, incoming.updatedAt),
    comment: pick(existing.comment, incoming.comment),
    doi: pick(existing.doi, incoming.doi),
    journalRef: pick(existing.journalRef, incoming.journalRef),
    githubRepo: pick(existing.githubRepo, incoming.githubRepo),
    githubStars: pick(existing.githubStars, incoming.githubStars),
    projectPage: pick(existing.projectPage, incoming.projectPage),
    aiSummary: pick(existing.aiSummary, incoming.aiSummary),
    aiKeywords: pickList(existing.aiKeywords, incoming.aiKeywords),
    organization: pick(existing.organization, incoming.organization),
  };
}

function maxVersion(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}

/** Which of a paper's links were edited here (link-edits.ts); imports leave those alone. */
export interface LocalLinks {
  readonly githubRepo: boolean;
  readonly projectPage: boolean;
}

/**
 * A local edit wins over any later import: `merged` (what mergePaper made of
 * an import) gets the stored value of every link edited here back. The GitHub
 * stars follow the repository: kept from the import only when it names the
 * same repository as the local edit.
 */
export function keepLocalLinks(merged: PaperRecord, stored: PaperRecord, local: LocalLinks): PaperRecord {
  if (!local.githubRepo && !local.projectPage) return merged;
  const sameRepo = merged.githubRepo === stored.githubRepo;
  return {
    ...merged,
    ...(local.githubRepo ? { githubRepo: stored.githubRepo, githubStars: sameRepo ? merged.githubStars : stored.githubStars } : {}),
    ...(local.projectPage ? { projectPage: stored.projectPage } : {}),
  };
}
