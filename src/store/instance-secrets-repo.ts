/**
 * Secrets an instance makes for itself (migration 0014): made once, by
 * whichever process asks first (INSERT OR IGNORE, then read), and kept, so
 * every process of the instance signs with the same key.
 */
import type { Db } from './db.ts';

export async function instanceSecret(db: Db, name: string, generate: () => string, now: string): Promise<string> {
  await db.insertInto('instance_secrets').values({ name, value: generate(), created_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const r = await db.selectFrom('instance_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return r.value;
}
