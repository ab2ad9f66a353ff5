/** Trained embedder models (the built-in embedder learns from this instance's corpus). */
import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface StoredModel {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** how many papers it was trained on */
  readonly trainedOn: number;
  readonly createdAt: string;
}

export async function latestModel(db: Db, prefix: string): Promise<StoredModel | null> {
  const r = await db
    .selectFrom('search_models')
    .selectAll()
    .where('name', 'like', `${prefix}%`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { name: r.name, bytes: r.bytes, trainedOn: r.trained_on, createdAt: r.created_at } : null;
}

/** The newest model's name and corpus size, without its bytes: enough to tell whether it changed. */
export async function latestModelMeta(db: Db, prefix: string): Promise<{ name: string; trainedOn: number } | null> {
  const r = await db
    .selectFrom('search_models')
    .select(['name', 'trained_on'])
    .where('name', 'like', `${prefix}%`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { name: r.name, trainedOn: r.trained_on } : null;
}

/** Saves a model and forgets older ones with the same prefix. */
export async function saveModel(db: Db, prefix: string, model: StoredModel): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('search_models').where('name', 'like', `${prefix}%`).execute();
    await trx
      .insertInto('search_models')
      .values({ name: model.name, bytes: Buffer.from(model.bytes), trained_on: model.trainedOn, created_at: model.createdAt })
      .execute();
  });
}

/** Every paper's text, in rowid order, for training (`summary`: its ai_summary, if any: a training pseudo-query only). */
export async function allPaperTexts(db: Db): Promise<{ rowid: number; title: string; abstract: string; summary: string | null }[]> {
  const rows = await sql<{ rowid: number; title: string; abstract: string; summary: string | null }>`SELECT rowid, title, abstract, ai_summary AS summary FROM papers ORDER BY rowid`.execute(db);
  return rows.rows;
}
