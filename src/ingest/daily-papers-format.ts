/**
 * The Daily Papers API item format (`GET /api/daily_papers` responses), parsed
 * into domain records. Unknown fields are ignored; missing required ones are
 * reported with their path so a bad line can be explained.
 */
import { z } from 'zod';
import { dayOf, parseDay } from '../domain/period.ts';
import { checkGithubRepo, checkLink, type LinkCheck, type RejectedLink } from '../domain/links.ts';
import { parsePaperId } from '../domain/paper-id.ts';
import { normalizeAbstract, normalizeTitle, type Author, type ListingRecord, type PaperRecord, type UserRecord } from '../domain/paper.ts';

const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date');
const optionalText = z.string().nullish();

const hfUser = z.object({
  user: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  fullname: z.string().nullish(),
  avatarUrl: z.string().nullish(),
  isPro: z.boolean().nullish(),
  type: z.string().nullish(),
});

const hfAuthor = z.object({
  name: z.string(),
  hidden: z.boolean().nullish(),
  user: z.object({ user: z.string().optional() }).nullish(),
});

const hfOrganization = z.object({ name: z.string().min(1), fullname: z.string().nullish() });

const hfPaper = z.object({
  id: z.string().min(1),
  authors: z.array(hfAuthor),
  publishedAt: isoInstant.nullish(),
  submittedOnDailyAt: isoInstant.nullish(),
  submittedOnDailyBy: hfUser.nullish(),
  title: z.string().min(1),
  summary: z.string(),
  upvotes: z.number().int().min(0).default(0),
  projectPage: optionalText,
  githubRepo: optionalText,
  githubStars: z.number().int().nullish(),
  ai_summary: optionalText,
  ai_keywords: z.array(z.string()).nullish(),
  organization: hfOrganization.nullish(),
});

export const dailyPapersItem = z.object({
  paper: hfPaper,
  publishedAt: isoInstant,
  title: z.string().nullish(),
  summary: z.string().nullish(),
  numComments: z.number().int().min(0).default(0),
  thumbnail: z.string().nullish(),
  isAuthorParticipating: z.boolean().nullish(),
  submittedBy: hfUser.nullish(),
  organization: hfOrganization.nullish(),
});

export interface DailyEntry {
  readonly paper: PaperRecord;
  readonly listing: Omit<ListingRecord, 'submittedBy'>;
  readonly submitter: UserRecord | null;
}

/**
 * The day an item was put on the daily page, when the item itself says so
 * (`paper.submittedOnDailyAt`; older responses lack it).
 */
export function ownListingDay(raw: unknown): string | null {
  const at = (raw as { paper?: { submittedOnDailyAt?: unknown } } | null)?.paper?.submittedOnDailyAt;
  return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? dayOf(new Date(at)) : null;
}

/**
 * The day a whole response was listed: the most common day among its items'
 * `submittedOnDailyAt`, else among their `publishedAt` (which runs a few hours
 * ahead of the page's day for evening submissions, so one item alone can lie).
 */
export function responseDay(items: readonly unknown[]): string | null {
  const counts = new Map<string, number>();
  for (const raw of items) {
    const at = (raw as { publishedAt?: unknown } | null)?.publishedAt;
    const day = ownListingDay(raw) ?? (typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? dayOf(new Date(at)) : null);
    if (day) counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [day, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best)! && day > best)) best = day;
  return best;
}

/** Where Daily Papers items come from unless the caller knows better: Hugging Face, whose user pictures are paths on its site. */
export const DAILY_PAPERS_ORIGIN = 'https://huggingface.co';

export interface DailyItemOptions {
  /** the site the item was served by; user picture paths (`/avatars/…`) are made absolute against it */
  readonly origin?: string;
  /** told about each link the item gave that is not kept (see domain/links.ts); the rest of the item is */
  readonly onRejectedLink?: (rejected: RejectedLink) => void;
}

/**
 * Converts one item. `listedDay` is the day of the page it came from when
 * known (the archive's `date`, `--date`, or the response's day); otherwise the
 * day it was put on the daily page, else the day it was published.
 */
export function dailyItemToEntry(raw: unknown, listedDay: string | null, options: DailyItemOptions = {}): DailyEntry {
  const item = dailyPapersItem.parse(raw);
  const p = item.paper;
  const parsedId = parsePaperId(p.id);
  if (!parsedId) throw new Error(`paper.id ${JSON.stringify(p.id)} is not a paper id`);
  const origin = options.origin ?? DAILY_PAPERS_ORIGIN;
  const link = (field: string, value: string | null | undefined, check: (v: string) => LinkCheck = checkLink): string | null => {
    const given = nonEmpty(value);
    if (given === null) return null;
    const result = check(given);
    if (result.ok) return result.url;
    options.onRejectedLink?.({ paperId: parsedId.id, field, value: given, reason: result.reason });
    return null;
  };
  const day = listedDay ?? dayOf(new Date(p.submittedOnDailyAt ?? item.publishedAt));
  if (!parseDay(day)) throw new Error(`listing day ${day} is not a valid date`);

  const authors: Author[] = p.authors
    .filter((a) => !a.hidden && a.name.trim() !== '')
    .map((a) => (a.user?.user ? { name: a.name.trim(), username: a.user.user } : { name: a.name.trim() }));
  const org = p.organization ?? item.organization ?? null;
  const paper: PaperRecord = {
    id: parsedId.id,
    source: parsedId.source,
    version: parsedId.version,
    title: normalizeTitle(p.title),
    abstract: normalizeAbstract(p.summary),
    authors,
    categories: [],
    primaryCategory: null,
    publishedAt: p.publishedAt ? new Date(p.publishedAt).toISOString() : null,
    updatedAt: null,
    comment: null,
    doi: null,
    journalRef: null,
    githubRepo: link('paper.githubRepo', p.githubRepo, checkGithubRepo),
    githubStars: p.githubStars ?? null,
    projectPage: link('paper.projectPage', p.projectPage),
    aiSummary: nonEmpty(p.ai_summary),
    aiKeywords: p.ai_keywords ?? [],
    organization: org ? { name: org.name, ...(org.fullname ? { fullname: org.fullname } : {}) } : null,
  };
  const by = item.submittedBy ?? p.submittedOnDailyBy ?? null;
  const byField = item.submittedBy ? 'submittedBy' : 'paper.submittedOnDailyBy';
  const username = by?.user ?? by?.name;
  const submitter: UserRecord | null = username
    ? {
        username,
        fullname: by?.fullname ?? null,
        avatarUrl: link(`${byField}.avatarUrl`, by?.avatarUrl, (v) => checkLink(v, origin)),
        isPro: by?.isPro ?? false,
        kind: by?.type === 'org' ? 'org' : 'user',
      }
    : null;
  return {
    paper,
    listing: {
      paperId: paper.id,
      day,
      submittedAt: new Date(item.publishedAt).toISOString(),
      submittedOnDailyAt: p.submittedOnDailyAt ? new Date(p.submittedOnDailyAt).toISOString() : null,
      upvotes: p.upvotes,
      numComments: item.numComments,
      thumbnail: link('thumbnail', item.thumbnail),
      authorParticipating: item.isAuthorParticipating ?? false,
    },
    submitter,
  };
}

function nonEmpty(v: string | null | undefined): string | null {
  return v && v.trim() !== '' ? v.trim() : null;
}
