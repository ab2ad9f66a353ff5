/**
 * Generic paper lines: `{id, title, abstract|summary, authors, categories, published}`
 * where id is an arXiv id or any `source:id`. Optional: comment, doi, journal_ref,
 * updated, primary_category, github_repo, project_page (links: see domain/links.ts;
 * github_repo may also be a GitHub `owner/name`).
 */
import { z } from 'zod';
import { checkGithubRepo, checkLink, type LinkCheck, type RejectedLink } from '../domain/links.ts';
import { PAPER_ID_HELP, parsePaperId } from '../domain/paper-id.ts';
import { NO_DAILY_PAPERS_FIELDS, normalizeAbstract, normalizeTitle, type PaperRecord } from '../domain/paper.ts';

const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date such as 2026-08-21 or 2026-08-21T17:34:15Z');

const author = z.union([z.string().min(1), z.object({ name: z.string().min(1) })]);

export const paperLine = z
  .object({
    id: z.string().min(1),
    title: z.string().trim().min(1, 'must not be empty'),
    abstract: z.string().optional(),
    summary: z.string().optional(),
    authors: z.array(author).default([]),
    categories: z.array(z.string().min(1)).default([]),
    primary_category: z.string().min(1).optional(),
    published: date.optional(),
    updated: date.optional(),
    comment: z.string().nullish(),
    doi: z.string().nullish(),
    journal_ref: z.string().nullish(),
    github_repo: z.string().nullish(),
    project_page: z.string().nullish(),
  })
  .refine((v) => v.abstract !== undefined || v.summary !== undefined, { message: 'needs an abstract (or summary)', path: ['abstract'] });

/**
 * Converts one line. A link that is not acceptable is left out of the record
 * and told to `onRejectedLink`; the rest of the line is kept.
 */
export function paperLineToRecord(raw: unknown, onRejectedLink?: (rejected: RejectedLink) => void): PaperRecord {
  const v = paperLine.parse(raw);
  const id = parsePaperId(v.id);
  if (!id) throw new Error(`id ${JSON.stringify(v.id)} is not ${PAPER_ID_HELP}`);
  const link = (field: string, value: string | null | undefined, check: (v: string) => LinkCheck = checkLink): string | null => {
    if (value === null || value === undefined || value.trim() === '') return null;
    const result = check(value);
    if (result.ok) return result.url;
    onRejectedLink?.({ paperId: id.id, field, value, reason: result.reason });
    return null;
  };
  return {
    id: id.id,
    source: id.source,
    version: id.version,
    title: normalizeTitle(v.title),
    abstract: normalizeAbstract(v.abstract ?? v.summary ?? ''),
    authors: v.authors.map((a) => ({ name: (typeof a === 'string' ? a : a.name).trim() })),
    categories: v.categories,
    primaryCategory: v.primary_category ?? v.categories[0] ?? null,
    publishedAt: v.published ? new Date(v.published).toISOString() : null,
    updatedAt: v.updated ? new Date(v.updated).toISOString() : null,
    comment: v.comment ?? null,
    doi: v.doi ?? null,
    journalRef: v.journal_ref ?? null,
    // a paper line may carry the two links, nothing else of the Daily Papers
    ...NO_DAILY_PAPERS_FIELDS,
    githubRepo: link('github_repo', v.github_repo, checkGithubRepo),
    projectPage: link('project_page', v.project_page),
  };
}
