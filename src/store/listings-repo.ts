/** Daily listings: which papers were on which day's page, by whom, with how many upvotes. */
import { sql } from 'kysely';
import type { ListedPaper, ListingRecord } from '../domain/paper.ts';
import type { Db, UpsertOutcome } from './papers-repo.ts';
import { rowToListing, rowToPaper, rowToUser } from './paper-rows.ts';

export interface ListingWrite {
  readonly paperId: string;
  readonly day: string;
  readonly submittedAt: string;
  readonly submittedById: number | null;
  readonly upvotes: number;
  readonly numComments: number;
}

export async function upsertListing(db: Db, l: ListingWrite): Promise<UpsertOutcome> {
  const existing = await db
    .selectFrom('daily_listings')
    .select(['submitted_at', 'submitted_by', 'upvotes', 'num_comments'])
    .where('day', '=', l.day)
    .where('paper_id', '=', l.paperId)
    .executeTakeFirst();
  const values = { submitted_at: l.submittedAt, submitted_by: l.submittedById, upvotes: l.upvotes, num_comments: l.numComments };
  if (!existing) {
    await db.insertInto('daily_listings').values({ day: l.day, paper_id: l.paperId, ...values }).execute();
    return 'added';
  }
  if (
    existing.submitted_at === values.submitted_at &&
    existing.submitted_by === values.submitted_by &&
    existing.upvotes === values.upvotes &&
    existing.num_comments === values.num_comments
  ) {
    return 'unchanged';
  }
  await db.updateTable('daily_listings').set(values).where('day', '=', l.day).where('paper_id', '=', l.paperId).execute();
  return 'updated';
}

export interface Page {
  readonly offset: number;
  readonly limit: number;
}

/**
 * Papers listed between two days (inclusive), most upvoted first. A paper
 * listed on several days of the period appears once, with its best listing
 * (most upvotes, then latest day).
 */
export async function listPapersBetween(db: Db, start: string, end: string, page: Page): Promise<ListedPaper[]> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('daily_listings')
        .selectAll()
        .select(sql<number>`row_number() over (partition by paper_id order by upvotes desc, day desc)`.as('rank_in_paper'))
        .where('day', '>=', start)
        .where('day', '<=', end)
        .as('l'),
    )
    .innerJoin('papers as p', 'p.id', 'l.paper_id')
    .leftJoin('users as u', 'u.id', 'l.submitted_by')
    .selectAll('p')
    .select([
      'l.day',
      'l.paper_id',
      'l.submitted_at',
      'l.submitted_by',
      'l.upvotes',
      'l.num_comments',
      'u.username',
      'u.fullname as u_fullname',
      'u.avatar_url as u_avatar_url',
      'u.is_pro as u_is_pro',
      'u.kind as u_kind',
    ])
    .where('l.rank_in_paper', '=', 1)
    .orderBy('l.upvotes', 'desc')
    .orderBy('l.day', 'desc')
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

export interface StoreStats {
  readonly papers: number;
  readonly listings: number;
  readonly days: number;
  readonly users: number;
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  readonly papersBySource: Record<string, number>;
}

export async function storeStats(db: Db): Promise<StoreStats> {
  const listing = await db
    .selectFrom('daily_listings')
    .select([
      (eb) => eb.fn.countAll<number>().as('listings'),
      sql<number>`count(distinct day)`.as('days'),
      (eb) => eb.fn.min('day').as('first'),
      (eb) => eb.fn.max('day').as('last'),
    ])
    .executeTakeFirstOrThrow();
  const users = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const bySource = await db.selectFrom('papers').select(['source', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('source').execute();
  const papersBySource = Object.fromEntries(bySource.map((r) => [r.source, Number(r.n)]));
  return {
    papers: Object.values(papersBySource).reduce((a, b) => a + b, 0),
    listings: Number(listing.listings),
    days: Number(listing.days),
    users: Number(users.n),
    firstDay: (listing.first as string | null) ?? null,
    lastDay: (listing.last as string | null) ?? null,
    papersBySource,
  };
}

export type { ListingRecord };
