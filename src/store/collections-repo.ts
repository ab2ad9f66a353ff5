/** Collections and the papers in them (migration 0013). Ownership is checked by the caller (app/collections.ts). */
import type { Collection } from '../domain/collection.ts';
import type { Db } from './db.ts';

const COLUMNS = ['c.id', 'c.owner_id', 'c.slug', 'c.title', 'c.description', 'c.is_public', 'c.created_at', 'c.updated_at', 'u.username'] as const;

function base(db: Db) {
  return db
    .selectFrom('collections as c')
    .innerJoin('users as u', 'u.id', 'c.owner_id')
    .select(COLUMNS)
    .select((eb) => eb.selectFrom('collection_papers as cp').whereRef('cp.collection_id', '=', 'c.id').select(eb.fn.countAll<number>().as('n')).as('paper_count'));
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toCollection(r: Row): Collection {
  return {
    id: r.id,
    ownerId: r.owner_id,
    ownerUsername: r.username,
    slug: r.slug,
    title: r.title,
    description: r.description,
    isPublic: r.is_public === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    paperCount: Number(r.paper_count ?? 0),
  };
}

export async function collectionById(db: Db, id: number): Promise<Collection | null> {
  const r = await base(db).where('c.id', '=', id).executeTakeFirst();
  return r ? toCollection(r) : null;
}

/** An owner's collections, most recently changed first; public ones only when `publicOnly`. */
export async function collectionsOf(db: Db, ownerId: number, publicOnly: boolean): Promise<Collection[]> {
  let q = base(db).where('c.owner_id', '=', ownerId);
  if (publicOnly) q = q.where('c.is_public', '=', 1);
  return (await q.orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc').execute()).map(toCollection);
}

export async function countCollectionsOf(db: Db, ownerId: number): Promise<number> {
  const r = await db.selectFrom('collections').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', '=', ownerId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function slugTaken(db: Db, ownerId: number, slug: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('collections').select('id').where('owner_id', '=', ownerId).where('slug', '=', slug);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertCollection(db: Db, row: { ownerId: number; slug: string; title: string; description: string; isPublic: boolean; now: string }): Promise<number> {
  const r = await db
    .insertInto('collections')
    .values({ owner_id: row.ownerId, slug: row.slug, title: row.title, description: row.description, is_public: row.isPublic ? 1 : 0, created_at: row.now, updated_at: row.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateCollection(db: Db, id: number, row: { slug: string; title: string; description: string; isPublic: boolean; now: string }): Promise<void> {
  await db
    .updateTable('collections')
    .set({ slug: row.slug, title: row.title, description: row.description, is_public: row.isPublic ? 1 : 0, updated_at: row.now })
    .where('id', '=', id)
    .execute();
}

export async function touchCollection(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('collections').set({ updated_at: now }).where('id', '=', id).execute();
}

export async function deleteCollection(db: Db, id: number): Promise<void> {
  await db.deleteFrom('collection_papers').where('collection_id', '=', id).execute();
  await db.deleteFrom('collections').where('id', '=', id).execute();
}

/** Adds a paper (keeps the first added_at; a new note replaces the old one). Returns false when it was already there. */
export async function addCollectionPaper(db: Db, collectionId: number, paperId: string, note: string | null, now: string): Promise<boolean> {
  const existing = await db.selectFrom('collection_papers').select('paper_id').where('collection_id', '=', collectionId).where('paper_id', '=', paperId).executeTakeFirst();
  if (existing) {
    if (note !== null) await db.updateTable('collection_papers').set({ note }).where('collection_id', '=', collectionId).where('paper_id', '=', paperId).execute();
    return false;
  }
  await db.insertInto('collection_papers').values({ collection_id: collectionId, paper_id: paperId, added_at: now, note }).execute();
  return true;
}

export async function removeCollectionPaper(db: Db, collectionId: number, paperId: string): Promise<boolean> {
  const r = await db.deleteFrom('collection_papers').where('collection_id', '=', collectionId).where('paper_id', '=', paperId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface CollectionEntry {
  readonly paperId: string;
  readonly addedAt: string;
  readonly note: string | null;
}

/** The papers of a collection, most recently added first. */
export async function collectionEntries(db: Db, collectionId: number, limit: number): Promise<CollectionEntry[]> {
  const rows = await db
    .selectFrom('collection_papers')
    .select(['paper_id', 'added_at', 'note'])
    .where('collection_id', '=', collectionId)
    .orderBy('added_at', 'desc')
    .orderBy('paper_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ paperId: r.paper_id, addedAt: r.added_at, note: r.note }));
}

/** Which of an owner's collections hold `paperId`. */
export async function collectionIdsHolding(db: Db, ownerId: number, paperId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('collection_papers as cp')
    .innerJoin('collections as c', 'c.id', 'cp.collection_id')
    .select('c.id')
    .where('c.owner_id', '=', ownerId)
    .where('cp.paper_id', '=', paperId)
    .execute();
  return rows.map((r) => r.id);
}
