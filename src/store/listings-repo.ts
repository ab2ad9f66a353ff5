/** Daily listings: which papers were on which day's page, by whom, with how many upvotes. */
import { sql } from 'kysely';
import { NO_LOCAL_ACTIVITY, type LocalActivity } from '../domain/community.ts';
import { mergeListing, type ListedPaper, type ListingRecord } from '../domain/paper.ts';
import type { UpsertOutcome } from './papers-repo.ts';
import type { Db } from './db.ts';
import type { DailyListingsTable } from './schema.ts';
import { rowToListing, rowToPaper, rowToUser } from './paper-rows.ts';

/** A listing as written: the submitter is a users row id. */
export type ListingWrite = Omit<ListingRecord, 'submittedBy'> & { readonly submittedById: number | null };

function toRow(l: ListingWrite): DailyListingsTable {
  return {
    day: l.day,
    paper_id: l.paperId,
    submitted_at: l.submittedAt,
    submitted_on_daily_at: l.submittedOnDailyAt,
    submitted_by: l.submittedById,
    upvotes: l.upvotes,
    num_comments: l.numComments,
    thumbnail: l.thumbnail,
    author_participating: l.authorParticipating ? 1 : 0,
  };
}

/** Inserts a listing or merges a snapshot into the stored one (domain mergeListing). */
export async function upsertListing(db: Db, l: ListingWrite): Promise<UpsertOutcome> {
  const existing = await db.selectFrom('daily_listings').selectAll().where('day', '=', l.day).where('paper_id', '=', l.paperId).executeTakeFirst();
  if (!existing) {
    await db.insertInto('daily_listings').values(toRow(l)).execute();
    return 'added';
  }
  // merge with submitters as ids (the rule only asks "known or not")
  const asRecord = (r: DailyListingsTable): ListingRecord => rowToListing(r, r.submitted_by === null ? null : String(r.submitted_by));
  const merged = mergeListing(asRecord(existing), asRecord(toRow(l)));
  const row = toRow({ ...merged, submittedById: merged.submittedBy === null ? null : Number(merged.submittedBy) });
  const same = (Object.keys(row) as (keyof DailyListingsTable)[]).every((k) => row[k] === existing[k]);
  if (same) return 'unchanged';
  await db.updateTable('daily_listings').set(row).where('day', '=', l.day).where('paper_id', '=', l.paperId).execute();
  return 'updated';
}

export interface Page {
  readonly offset: number;
  readonly limit: number;
}

/**
 * `upvotes`: most upvotes first, counting imported and local votes together
 * (domain/community.ts), ties to the later day, then the newest submission (as
 * Daily Papers breaks them). `newest`: the newest listing first (the Daily
 * Papers API's `sort=publishedAt`).
 */
export type ListingOrder = 'upvotes' | 'newest';

/**
 * Papers listed between two days (inclusive), most upvoted first. A paper
 * listed on several days of the period appears once, with its best listing
 * (most upvotes, then latest day). `onlyPapers` narrows it to these ids (the
 * trending page loads its page of papers this way).
 */
export async function listPapersBetween(
  db: Db,
  start: string,
  end: string,
  page: Page,
  order: ListingOrder = 'upvotes',
  onlyPapers?: readonly string[],
): Promise<ListedPaper[]> {
  if (onlyPapers && onlyPapers.length === 0) return [];
  let q = db
    .selectFrom((eb) => {
      let inner = eb
        .selectFrom('daily_listings')
        .selectAll()
        .select(sql<number>`row_number() over (partition by paper_id order by upvotes desc, day desc)`.as('rank_in_paper'))
        .where('day', '>=', start)
        .where('day', '<=', end);
      if (onlyPapers) inner = inner.where('paper_id', 'in', [...new Set(onlyPapers)]);
      return inner.as('l');
    })
    .innerJoin('papers as p', 'p.id', 'l.paper_id')
    .leftJoin('users as u', 'u.id', 'l.submitted_by')
    .leftJoin('paper_activity as a', 'a.paper_id', 'l.paper_id')
    .selectAll('p')
    .select([
      'l.day',
      'l.paper_id',
      'l.submitted_at',
      'l.submitted_on_daily_at',
      'l.submitted_by',
      'l.upvotes',
      'l.num_comments',
      'l.thumbnail',
      'l.author_participating',
      'u.username',
      'u.fullname as u_fullname',
      'u.avatar_url as u_avatar_url',
      'u.is_pro as u_is_pro',
      'u.kind as u_kind',
      'a.local_upvotes',
      'a.local_comments',
      'a.last_activity_at',
    ])
    .where('l.rank_in_paper', '=', 1);
  q =
    order === 'upvotes'
      ? q.orderBy(sql`l.upvotes + coalesce(a.local_upvotes, 0)`, 'desc').orderBy('l.day', 'desc')
      : q.orderBy('l.day', 'desc');
  const rows = await q
    // Daily Papers breaks ties by the newest submission
    .orderBy('l.submitted_at', 'desc')
    .orderBy('l.paper_id', 'asc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => ({
    paper: rowToPaper(r),
    listing: rowToListing(r, r.username),
    submitter:
      r.username === null
        ? null
        : rowToUser({ username: r.username, fullname: r.u_fullname, avatar_url: r.u_avatar_url, is_pro: r.u_is_pro ?? 0, kind: r.u_kind ?? 'user' }),
    local: r.local_upvotes === null ? NO_LOCAL_ACTIVITY : { upvotes: r.local_upvotes, comments: r.local_comments ?? 0, lastActivityAt: r.last_activity_at },
  }));
}

/** What trending needs of one listed paper: its counts and when it was listed, without the paper's text. */
export interface TrendingRow {
  readonly paperId: string;
  /** of its best listing in the range (most upvotes, then latest day) */
  readonly day: string;
  readonly submittedOnDailyAt: string | null;
  readonly importedUpvotes: number;
  readonly importedComments: number;
  readonly local: LocalActivity;
}

/** Every paper listed between two days (inclusive), once each, with its counts: the candidates trending ranks. */
export async function trendingRowsBetween(db: Db, start: string, end: string): Promise<TrendingRow[]> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('daily_listings')
        .select(['paper_id', 'day', 'submitted_on_daily_at', 'upvotes', 'num_comments'])
        .select(sql<number>`row_number() over (partition by paper_id order by upvotes desc, day desc)`.as('rank_in_paper'))
        .where('day', '>=', start)
        .where('day', '<=', end)
        .as('l'),
    )
    .leftJoin('paper_activity as a', 'a.paper_id', 'l.paper_id')
    .select(['l.paper_id', 'l.day', 'l.submitted_on_daily_at', 'l.upvotes', 'l.num_comments', 'a.local_upvotes', 'a.local_comments', 'a.last_activity_at'])
    .where('l.rank_in_paper', '=', 1)
    .execute();
  return rows.map((r) => ({
    paperId: r.paper_id,
    day: r.day,
    submittedOnDailyAt: r.submitted_on_daily_at,
    importedUpvotes: r.upvotes,
    importedComments: r.num_comments,
    local: r.local_upvotes === null ? NO_LOCAL_ACTIVITY : { upvotes: r.local_upvotes, comments: r.local_comments ?? 0, lastActivityAt: r.last_activity_at },
  }));
}

/** Distinct papers listed between two days (inclusive). */
export async function countPapersListedBetween(db: Db, start: string, end: string): Promise<number> {
  const r = await db
    .selectFrom('daily_listings')
    .select(sql<number>`count(distinct paper_id)`.as('n'))
    .where('day', '>=', start)
    .where('day', '<=', end)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The newest day that has any listing, or null on an empty database. */
export async function latestListedDay(db: Db): Promise<string | null> {
  const r = await db.selectFrom('daily_listings').select((eb) => eb.fn.max('day').as('day')).executeTakeFirst();
  return (r?.day as string | null | undefined) ?? null;
}

/** The nearest listed day strictly before `day`, and strictly after it. */
export async function listedDaysAround(db: Db, before: string, after: string): Promise<{ previous: string | null; next: string | null }> {
  const prev = await db.selectFrom('daily_listings').select((eb) => eb.fn.max('day').as('day')).where('day', '<', before).executeTakeFirst();
  const next = await db.selectFrom('daily_listings').select((eb) => eb.fn.min('day').as('day')).where('day', '>', after).executeTakeFirst();
  return { previous: (prev?.day as string | null) ?? null, next: (next?.day as string | null) ?? null };
}
