/** Counts over the whole database, for `paperboy stats`. */
import { sql } from 'kysely';
import type { Db } from './db.ts';

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

/**
 * When this instance last gathered papers: the newer of the last paper added
 * (the highest rowid: papers are only ever appended) and the last run of any
 * ingest source that keeps state (a run that found nothing new still counts).
 * Null when it has none. Both are single-row reads.
 */
export async function lastGatheredAt(db: Db): Promise<string | null> {
  const r = await sql<{ at: string | null }>`
    SELECT max(at) AS at FROM (
      SELECT (SELECT created_at FROM papers ORDER BY rowid DESC LIMIT 1) AS at
      UNION ALL SELECT max(updated_at) FROM ingest_state
    )`.execute(db);
  return r.rows[0]?.at ?? null;
}
