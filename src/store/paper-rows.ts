/** Mapping between domain records and table rows, and the content hash that detects changes. */
import { createHash } from 'node:crypto';
import type { Author, ListingRecord, Organization, PaperRecord, UserRecord } from '../domain/paper.ts';
import type { DailyListingsTable, PapersTable, UsersTable } from './schema.ts';

export type PaperContent = Omit<PapersTable, 'created_at' | 'modified_at' | 'content_hash' | 'observed_at' | 'github_repo_local' | 'project_page_local'>;

export function paperToRow(p: PaperRecord): PaperContent {
  return {
    id: p.id,
    source: p.source,
    version: p.version,
    title: p.title,
    abstract: p.abstract,
    authors_json: JSON.stringify(p.authors),
    categories_json: JSON.stringify(p.categories),
    primary_category: p.primaryCategory,
    published_at: p.publishedAt,
    updated_at: p.updatedAt,
    comment: p.comment,
    doi: p.doi,
    journal_ref: p.journalRef,
    github_repo: p.githubRepo,
    github_stars: p.githubStars,
    project_page: p.projectPage,
    ai_summary: p.aiSummary,
    ai_keywords_json: JSON.stringify(p.aiKeywords),
    organization_json: p.organization ? JSON.stringify(p.organization) : null,
  };
}

export function contentHash(row: PaperContent): string {
  // one update of the joined text: the same bytes, so the same digest, as one update per field
  let text = '';
  for (const value of Object.values(row)) text += `${value === null ? '\u0000' : String(value)}\u0001`;
  return createHash('sha1').update(text).digest('base64');
}

export function rowToPaper(r: PapersTable): PaperRecord {
  return {
    id: r.id,
    source: r.source,
    version: r.version,
    title: r.title,
    abstract: r.abstract,
    authors: JSON.parse(r.authors_json) as Author[],
    categories: JSON.parse(r.categories_json) as string[],
    primaryCategory: r.primary_category,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    comment: r.comment,
    doi: r.doi,
    journalRef: r.journal_ref,
    githubRepo: r.github_repo,
    githubStars: r.github_stars,
    projectPage: r.project_page,
    aiSummary: r.ai_summary,
    aiKeywords: JSON.parse(r.ai_keywords_json) as string[],
    organization: r.organization_json ? (JSON.parse(r.organization_json) as Organization) : null,
  };
}

export function rowToUser(r: Pick<UsersTable, 'username' | 'fullname' | 'avatar_url' | 'is_pro' | 'kind'>): UserRecord {
  return { username: r.username, fullname: r.fullname, avatarUrl: r.avatar_url, isPro: r.is_pro === 1, kind: r.kind };
}

export function rowToListing(r: DailyListingsTable, submittedBy: string | null): ListingRecord {
  return {
    paperId: r.paper_id,
    day: r.day,
    submittedAt: r.submitted_at,
    submittedOnDailyAt: r.submitted_on_daily_at,
    submittedBy,
    upvotes: r.upvotes,
    numComments: r.num_comments,
    thumbnail: r.thumbnail,
    authorParticipating: r.author_participating === 1,
  };
}
