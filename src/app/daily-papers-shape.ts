/**
 * The Daily Papers JSON shape, so existing clients work against Paperboy:
 * items `{paper:{id, authors[], publishedAt, title, summary, upvotes, ...},
 * publishedAt, title, summary, numComments, submittedBy, ...}`. Instants are
 * ISO-8601 with milliseconds and a `Z`. Links are served only when
 * acceptable (domain/links.ts): imports check them, and this keeps rows stored
 * before they did from reaching API clients, who trust what they are given.
 *
 * `upvotes` and `numComments` are totals: the imported (Daily Papers) count
 * plus the votes and comments cast here. `paper.upvoteParts` {imported, local}
 * says how the total splits; it is the one field added to the Daily Papers
 * shape (clients that do not know it ignore it).
 */
import { createHash } from 'node:crypto';
import type { ListedPaper, ListingRecord, PaperDetail, PaperRecord, UserRecord } from '../domain/paper.ts';
import { acceptableLink, checkGithubRepo } from '../domain/links.ts';
import { paperComments, paperUpvotes } from '../domain/paper.ts';
import { combineCounts, type CountParts } from '../domain/community.ts';

const iso = (s: string | null): string | null => (s ? new Date(s).toISOString() : null);

/** Stable 24-hex ids where the Daily Papers format has database ids. */
function objectId(...parts: string[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}

function userJson(u: UserRecord) {
  return {
    _id: objectId('user', u.username),
    avatarUrl: acceptableLink(u.avatarUrl) ?? undefined,
    fullname: u.fullname ?? u.username,
    name: u.username,
    user: u.username,
    type: u.kind,
    isPro: u.isPro,
    isHf: false,
    isHfAdmin: false,
    isMod: false,
  };
}

function paperJson(p: PaperRecord, extra: { upvotes: CountParts; submittedOnDailyAt: string | null; submitter: UserRecord | null }) {
  return {
    id: p.id,
    authors: p.authors.map((a, i) => ({
      _id: objectId('author', p.id, String(i)),
      name: a.name,
      hidden: false,
      ...(a.username ? { user: { user: a.username, fullname: a.name, type: 'user' } } : {}),
    })),
    publishedAt: iso(p.publishedAt),
    submittedOnDailyAt: extra.submittedOnDailyAt ?? undefined,
    submittedOnDailyBy: extra.submitter ? userJson(extra.submitter) : undefined,
    title: p.title,
    summary: p.abstract,
    upvotes: extra.upvotes.total,
    // ours, beside the Daily Papers fields: where the total comes from (domain/community.ts)
    upvoteParts: { imported: extra.upvotes.imported, local: extra.upvotes.local },
    discussionId: objectId('discussion', p.id),
    projectPage: acceptableLink(p.projectPage) ?? undefined,
    githubRepo: acceptableLink(p.githubRepo, checkGithubRepo) ?? undefined,
    githubStars: p.githubStars ?? undefined,
    ai_summary: p.aiSummary ?? undefined,
    ai_keywords: p.aiKeywords.length > 0 ? p.aiKeywords : undefined,
    organization: p.organization ? { _id: objectId('org', p.organization.name), name: p.organization.name, fullname: p.organization.fullname ?? p.organization.name } : undefined,
  };
}

/** When the paper went on the daily page: the recorded instant, else the start of its day. */
function listedAt(l: ListingRecord): string {
  return l.submittedOnDailyAt ?? `${l.day}T00:00:00.000Z`;
}

export function dailyItemJson(item: ListedPaper) {
  const { paper, listing, submitter, local } = item;
  const paperObj = paperJson(paper, { upvotes: combineCounts(listing.upvotes, local.upvotes), submittedOnDailyAt: listedAt(listing), submitter });
  return {
    paper: paperObj,
    publishedAt: iso(listing.submittedAt),
    title: paper.title,
    summary: paper.abstract,
    thumbnail: acceptableLink(listing.thumbnail) ?? undefined,
    numComments: listing.numComments + local.comments,
    submittedBy: submitter ? userJson(submitter) : undefined,
    organization: paperObj.organization,
    isAuthorParticipating: listing.authorParticipating,
  };
}

export function paperDetailJson(detail: PaperDetail) {
  const latest = detail.listings[0];
  return {
    ...paperJson(detail.paper, {
      upvotes: combineCounts(paperUpvotes(detail.listings), detail.local.upvotes),
      submittedOnDailyAt: latest ? listedAt(latest) : null,
      submitter: detail.submitter,
    }),
    numComments: paperComments(detail.listings) + detail.local.comments,
  };
}
