/** Where each ingest source left off. Values are JSON; the caller validates what it reads back. */
import type { Db } from './db.ts';

export async function readState(db: Db, key: string): Promise<unknown> {
  const row = await db.selectFrom('ingest_state').select('state_json').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.state_json) as unknown) : null;
}

export async function writeState(db: Db, key: string, value: unknown, now: string): Promise<void> {
  const state_json = JSON.stringify(value);
  await db
    .insertInto('ingest_state')
    .values({ key, state_json, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ state_json, updated_at: now }))
    .execute();
}
