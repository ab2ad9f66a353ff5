/**
 * Digest subscribers (migration 0014): rows ⇄ `Subscriber`, and the state
 * changes of a subscription. The sending engine's bounce updates live in its
 * own repo file; this one never touches hard_bounces, paused_at or last_bounce.
 */
import type { DigestFrequency, DigestSettings, Subscriber, SubscriberStatus } from '../domain/digest.ts';
import type { Db } from './db.ts';
import type { DigestSubscribersTable } from './schema.ts';

type Row = Omit<DigestSubscribersTable, 'id' | 'hard_bounces'> & { id: number; hard_bounces: number };

const jsonList = (text: string): string[] => {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

export function rowToSubscriber(r: Row): Subscriber {
  return {
    id: r.id,
    email: r.email,
    userId: r.user_id,
    status: r.status as SubscriberStatus,
    frequency: r.frequency as DigestFrequency,
    sendHour: r.send_hour,
    timeZone: r.time_zone,
    paperCount: r.paper_count,
    includeTrending: r.include_trending === 1,
    categories: jsonList(r.categories_json),
    keywords: jsonList(r.keywords_json),
    includeSimilar: r.include_similar === 1,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    unsubscribedAt: r.unsubscribed_at,
    hardBounces: r.hard_bounces,
    pausedAt: r.paused_at,
    lastBounce: r.last_bounce,
  };
}

function settingsColumns(s: DigestSettings) {
  return {
    frequency: s.frequency,
    send_hour: s.sendHour,
    time_zone: s.timeZone,
    paper_count: s.paperCount,
    include_trending: s.includeTrending ? 1 : 0,
    categories_json: JSON.stringify(s.categories),
    keywords_json: JSON.stringify(s.keywords),
    include_similar: s.includeSimilar ? 1 : 0,
  };
}

export async function subscriberById(db: Db, id: number): Promise<Subscriber | null> {
  const r = await db.selectFrom('digest_subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToSubscriber(r) : null;
}

export async function subscriberByEmail(db: Db, email: string): Promise<Subscriber | null> {
  const r = await db.selectFrom('digest_subscribers').selectAll().where('email', '=', email).executeTakeFirst();
  return r ? rowToSubscriber(r) : null;
}

/** The subscription of an account: linked to it, or (not yet linked) at its email address. */
export async function subscriberOfUser(db: Db, userId: number, email: string): Promise<Subscriber | null> {
  const r = await db
    .selectFrom('digest_subscribers')
    .selectAll()
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('email', '=', email)]))
    .orderBy((eb) => eb.case().when('user_id', '=', userId).then(0).else(1).end())
    .executeTakeFirst();
  return r ? rowToSubscriber(r) : null;
}

/** A new subscriber with default settings, in `status`. */
export async function insertSubscriber(db: Db, s: { email: string; userId: number | null; status: SubscriberStatus; settings: DigestSettings; now: string }): Promise<Subscriber> {
  const r = await db
    .insertInto('digest_subscribers')
    .values({
      email: s.email,
      user_id: s.userId,
      status: s.status,
      ...settingsColumns(s.settings),
      created_at: s.now,
      confirmed_at: s.status === 'active' ? s.now : null,
      unsubscribed_at: null,
      paused_at: null,
      last_bounce: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToSubscriber(r);
}

/** Moves a subscription to a new status; `confirmed_at` / `unsubscribed_at` follow. Returns the row as it is now. */
export async function setSubscriberStatus(db: Db, id: number, status: SubscriberStatus, now: string): Promise<Subscriber | null> {
  const change =
    status === 'active'
      ? { status, confirmed_at: now, unsubscribed_at: null }
      : status === 'unsubscribed'
        ? { status, unsubscribed_at: now }
        : { status };
  const r = await db.updateTable('digest_subscribers').set(change).where('id', '=', id).returningAll().executeTakeFirst();
  return r ? rowToSubscriber(r) : null;
}

export async function linkSubscriberToUser(db: Db, id: number, userId: number): Promise<void> {
  await db.updateTable('digest_subscribers').set({ user_id: userId }).where('id', '=', id).execute();
}

export async function updateSubscriberSettings(db: Db, id: number, settings: DigestSettings): Promise<Subscriber | null> {
  const r = await db.updateTable('digest_subscribers').set(settingsColumns(settings)).where('id', '=', id).returningAll().executeTakeFirst();
  return r ? rowToSubscriber(r) : null;
}

export async function listSubscribers(db: Db, status: SubscriberStatus | null, limit: number): Promise<Subscriber[]> {
  let q = db.selectFrom('digest_subscribers').selectAll().orderBy('id').limit(limit);
  if (status) q = q.where('status', '=', status);
  return (await q.execute()).map(rowToSubscriber);
}
