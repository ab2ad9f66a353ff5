/** Submissions: listings people put on a day's page themselves (app/submissions.ts). */
import { sql } from 'kysely';
import type { Db } from './db.ts';

/** How many papers `userId` submitted for `day` (the daily limit counts these). */
export async function countSubmissionsOn(db: Db, userId: number, day: string): Promise<number> {
  const r = await db
    .selectFrom('daily_listings')
    .select(sql<number>`count(*)`.as('n'))
    .where('submitted_by', '=', userId)
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The newest day the paper is listed on, or null when it never was. */
export async function newestListingDay(db: Db, paperId: string): Promise<string | null> {
  const r = await db.selectFrom('daily_listings').select((eb) => eb.fn.max('day').as('day')).where('paper_id', '=', paperId).executeTakeFirst();
  return (r?.day as string | null | undefined) ?? null;
}

export async function paperExists(db: Db, paperId: string): Promise<boolean> {
  return (await db.selectFrom('papers').select('id').where('id', '=', paperId).executeTakeFirst()) !== undefined;
}

/** A new listing of `paperId` on `day`, submitted by `userId` at `at` (no upvotes or comments yet). */
export async function insertSubmittedListing(db: Db, l: { day: string; paperId: string; userId: number; at: string }): Promise<void> {
  await db
    .insertInto('daily_listings')
    .values({
      day: l.day,
      paper_id: l.paperId,
      submitted_at: l.at,
      submitted_on_daily_at: l.at,
      submitted_by: l.userId,
      upvotes: 0,
      num_comments: 0,
      thumbnail: null,
      author_participating: 0,
    })
    .execute();
}
