/**
 * Thumbnails: the stored picture of each paper's first page (migration
 * 0010_thumbnails) and the bookkeeping of getting it, so a paper whose image or
 * PDF cannot be had is tried again later, not at every run.
 */
import { sql } from 'kysely';
import type { Db } from './db.ts';

export type ThumbnailSource = 'upstream' | 'pdf';

/** What a page needs to show a thumbnail without its bytes. */
export interface ThumbnailMeta {
  readonly width: number;
  readonly height: number;
  /** of the bytes: the ETag and the `?v=` of the image's URL */
  readonly hash: string;
  readonly source: ThumbnailSource;
}

export interface StoredThumbnail extends ThumbnailMeta {
  readonly paperId: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
  readonly createdAt: string;
}

export interface ThumbnailWrite {
  readonly paperId: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
  readonly width: number;
  readonly height: number;
  readonly source: ThumbnailSource;
  readonly hash: string;
}

/** A listed paper without a thumbnail whose turn has come. */
export interface ThumbnailCandidate {
  readonly paperId: string;
  readonly paperSource: string;
  /** the image URL of its newest listing that names one */
  readonly upstreamUrl: string | null;
  /** failed attempts so far */
  readonly attempts: number;
}

export async function getThumbnail(db: Db, paperId: string): Promise<StoredThumbnail | null> {
  const r = await db.selectFrom('thumbnails').selectAll().where('paper_id', '=', paperId).where('bytes', 'is not', null).executeTakeFirst();
  if (!r || !r.bytes || !r.content_type || r.width === null || r.height === null || !r.hash || !r.source || !r.created_at) return null;
  return { paperId, bytes: r.bytes, contentType: r.content_type, width: r.width, height: r.height, hash: r.hash, source: r.source, createdAt: r.created_at };
}

/** Sizes and hashes of the stored thumbnails of `paperIds` (those without one are absent). */
export async function thumbnailMetas(db: Db, paperIds: readonly string[]): Promise<Map<string, ThumbnailMeta>> {
  const out = new Map<string, ThumbnailMeta>();
  if (paperIds.length === 0) return out;
  const rows = await db
    .selectFrom('thumbnails')
    .select(['paper_id', 'width', 'height', 'hash', 'source'])
    .where('paper_id', 'in', [...new Set(paperIds)])
    .where('bytes', 'is not', null)
    .execute();
  for (const r of rows) {
    if (r.width !== null && r.height !== null && r.hash && r.source) out.set(r.paper_id, { width: r.width, height: r.height, hash: r.hash, source: r.source });
  }
  return out;
}

/** Stores a paper's thumbnail; its failure bookkeeping starts over. */
export async function saveThumbnail(db: Db, t: ThumbnailWrite, now: string): Promise<void> {
  const row = {
    bytes: t.bytes,
    content_type: t.contentType,
    width: t.width,
    height: t.height,
    source: t.source,
    hash: t.hash,
    created_at: now,
    attempts: 0,
    last_error: null,
    next_attempt_at: null,
    updated_at: now,
  };
  await db
    .insertInto('thumbnails')
    .values({ paper_id: t.paperId, ...row })
    .onConflict((oc) => oc.column('paper_id').doUpdateSet(row))
    .execute();
}

/** Notes a failed attempt: one more, why, and when the paper may be tried again. Stored bytes (if any) stay. */
export async function recordThumbnailFailure(db: Db, paperId: string, error: string, now: string, nextAttemptAt: string): Promise<void> {
  await db
    .insertInto('thumbnails')
    .values({ paper_id: paperId, attempts: 1, last_error: error, next_attempt_at: nextAttemptAt, updated_at: now })
    .onConflict((oc) =>
      oc.column('paper_id').doUpdateSet({
        attempts: sql<number>`thumbnails.attempts + 1`,
        last_error: error,
        next_attempt_at: nextAttemptAt,
        updated_at: now,
      }),
    )
    .execute();
}

/** Failed attempts so far for one paper (0 when never tried or stored). */
export async function thumbnailAttempts(db: Db, paperId: string): Promise<{ attempts: number; nextAttemptAt: string | null; lastError: string | null }> {
  const r = await db.selectFrom('thumbnails').select(['attempts', 'next_attempt_at', 'last_error']).where('paper_id', '=', paperId).executeTakeFirst();
  return { attempts: r?.attempts ?? 0, nextAttemptAt: r?.next_attempt_at ?? null, lastError: r?.last_error ?? null };
}

/** The newest image URL a listing of the paper names, or null. */
export async function upstreamThumbnailUrl(db: Db, paperId: string): Promise<string | null> {
  const r = await db
    .selectFrom('daily_listings')
    .select('thumbnail')
    .where('paper_id', '=', paperId)
    .where('thumbnail', 'is not', null)
    .orderBy('day', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.thumbnail ?? null;
}

/** A place in the listings, newest first: (day, paper id) of the last listing a window looked at. */
export interface ListingCursor {
  readonly day: string;
  readonly paperId: string;
}

export interface CandidateWindow {
  /** distinct papers, newest listing first */
  readonly candidates: ThumbnailCandidate[];
  /** where the next window starts; null when this one reached the oldest listing */
  readonly next: ListingCursor | null;
}

/**
 * Listed papers without a thumbnail whose next attempt is due (never tried, or
 * `next_attempt_at` <= now), among the `rows` listings after `from` (newest
 * first; null: from the newest). Bounded so that one call costs the same on
 * any database (10-30 ms for 1,000 rows), walking the day index. A paper of a
 * source not in `pdfSources` is a candidate only when a listing names an image.
 */
export async function thumbnailCandidates(
  db: Db,
  options: { now: string; pdfSources: readonly string[]; from: ListingCursor | null; rows: number },
): Promise<CandidateWindow> {
  const after = options.from ? sql`WHERE (day, paper_id) < (${options.from.day}, ${options.from.paperId})` : sql``;
  const window = sql`(SELECT day, paper_id FROM daily_listings ${after} ORDER BY day DESC, paper_id DESC LIMIT ${options.rows})`;
  // the image URL is looked up only for papers that are due (select-list expressions run after WHERE)
  const r = await sql<{ paper_id: string; source: string; attempts: number | null; upstream: string | null }>`
    SELECT w.paper_id, p.source, t.attempts,
           (SELECT l2.thumbnail FROM daily_listings l2
             WHERE l2.paper_id = w.paper_id AND l2.thumbnail IS NOT NULL
             ORDER BY l2.day DESC LIMIT 1) AS upstream
    FROM ${window} w
    JOIN papers p ON p.id = w.paper_id
    LEFT JOIN thumbnails t ON t.paper_id = w.paper_id
    WHERE t.paper_id IS NULL OR (t.bytes IS NULL AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= ${options.now}))
    ORDER BY w.day DESC, w.paper_id DESC`.execute(db);
  const end = await sql<{ day: string; paper_id: string }>`
    SELECT day, paper_id FROM daily_listings ${after} ORDER BY day DESC, paper_id DESC LIMIT 1 OFFSET ${options.rows - 1}`.execute(db);
  const pdf = new Set(options.pdfSources);
  const seen = new Set<string>();
  const candidates: ThumbnailCandidate[] = [];
  for (const x of r.rows) {
    if (seen.has(x.paper_id) || (x.upstream === null && !pdf.has(x.source))) continue;
    seen.add(x.paper_id);
    candidates.push({ paperId: x.paper_id, paperSource: x.source, upstreamUrl: x.upstream, attempts: x.attempts ?? 0 });
  }
  const last = end.rows[0];
  return { candidates, next: last ? { day: last.day, paperId: last.paper_id } : null };
}

export interface ThumbnailCounts {
  /** listed papers (what the background job fills) */
  readonly listed: number;
  readonly stored: number;
  readonly bySource: Readonly<Record<ThumbnailSource, number>>;
  /** papers tried without success so far (tried again later) */
  readonly failing: number;
}

export async function thumbnailCounts(db: Db): Promise<ThumbnailCounts> {
  const listed = await db.selectFrom('daily_listings').select(sql<number>`count(distinct paper_id)`.as('n')).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('thumbnails')
    .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
    .where('bytes', 'is not', null)
    .groupBy('source')
    .execute();
  const failing = await db.selectFrom('thumbnails').select((eb) => eb.fn.countAll<number>().as('n')).where('bytes', 'is', null).executeTakeFirstOrThrow();
  const bySource = { upstream: 0, pdf: 0 };
  for (const r of rows) if (r.source) bySource[r.source] = Number(r.n);
  return { listed: Number(listed.n), stored: bySource.upstream + bySource.pdf, bySource, failing: Number(failing.n) };
}
